/* dtls_states_script.c: the handshakes the scripted peer x plays, step
 * by step, so a test can run them to any state and then deviate:
 *  - x as a client against server s: cookie exchange, ClientHello with the
 *    cookie, ServerHello..ServerHelloDone taken in, ClientKeyExchange,
 *    ChangeCipherSpec, Finished, the server's Finished checked;
 *  - x as a server against client c: c's ClientHello taken in, an optional
 *    HelloVerifyRequest, ServerHello [ServerKeyExchange] ServerHelloDone,
 *    c's last flight checked, ChangeCipherSpec and Finished.
 * ClientHello and ServerHello bodies are written field by field from the
 * dsx_ch/dsx_sh descriptions, so any field can be wrong. */

/* A ClientHello's fields (random and cookie are x's). */
struct dsx_ch {
    uint16_t version;
    const uint8_t *suites;
    uint8_t suites_len;
    const uint8_t *comp;
    uint8_t comp_len;
    const uint8_t *ext; /* the extensions block's content (NULL: no block) */
    uint16_t ext_len;
};

static const uint8_t dsx_suites[] = {0xC0, 0xA8, 0x00, 0xFF}; /* CCM_8 and the SCSV */
static const uint8_t dsx_null_comp[] = {0};
static const uint8_t dsx_ext_ems[] = {0x00, 0x17, 0x00, 0x00};

/* What our client and the peers in the captures offer: CCM_8, SCSV, null, EMS. */
static struct dsx_ch dsx_ch_default(void)
{
    struct dsx_ch ch = {DTLS_VERSION_1_2, dsx_suites,        sizeof dsx_suites, dsx_null_comp, 1,
                        dsx_ext_ems,      sizeof dsx_ext_ems};
    return ch;
}

static uint16_t dsx_ch_body(uint8_t *out, uint16_t cap, const struct dsx_ch *ch)
{
    struct dtls_wr w;
    dtls_wr_init(&w, out, cap);
    dtls_wr_u16(&w, ch->version);
    dtls_wr_bytes(&w, dsx.client_random, DTLS_RANDOM_LEN);
    dtls_wr_u8(&w, 0); /* session id */
    dtls_wr_u8(&w, dsx.cookie_len);
    dtls_wr_bytes(&w, dsx.cookie, dsx.cookie_len);
    dtls_wr_u16(&w, ch->suites_len);
    dtls_wr_bytes(&w, ch->suites, ch->suites_len);
    dtls_wr_u8(&w, ch->comp_len);
    dtls_wr_bytes(&w, ch->comp, ch->comp_len);
    if (ch->ext) {
        dtls_wr_u16(&w, ch->ext_len);
        dtls_wr_bytes(&w, ch->ext, ch->ext_len);
    }
    assert_true(w.ok);
    return w.len;
}

/* ---- x as a client against s ----------------------------------------------------------- */

/* x starts a new handshake with s: a fresh client random, no cookie. */
static void dsx_client_begin(void)
{
    dsx_reset(true);
    dsx.hellos++;
    memset(dsx.client_random, 0xC1, sizeof dsx.client_random);
    dtls_put_u16(dsx.client_random, dsx.hellos);
}

/* Send ClientHello ch (with x's cookie, if any) as message seq; the
 * transcript restarts with it. */
static void dsx_client_hello(const struct dsx_ch *ch, uint16_t seq)
{
    uint8_t body[DSX_BODY];
    uint16_t n = dsx_ch_body(body, sizeof body, ch);
    DtlsStatesTest__hash__init(&dsx.transcript);
    dsx_hs_seq(DTLS_HT_CLIENT_HELLO, seq, body, n, true);
    dsx.tx_msg_seq = (uint16_t)(seq + 1u);
    dsx_send();
}

/* The HelloVerifyRequest x received: its cookie becomes x's. */
static void dsx_take_cookie(void)
{
    const struct dsx_msg *m = dsx_expect_hs(DTLS_HT_HELLO_VERIFY_REQUEST);
    struct dtls_hello_verify hv;
    assert_int_equal(dtls_hello_verify_parse(m->body, m->len, &hv), DTLS_OK);
    memcpy(dsx.cookie, hv.cookie, hv.cookie_len);
    dsx.cookie_len = hv.cookie_len;
}

/* s's flight after a valid ClientHello: ServerHello, [ServerKeyExchange],
 * ServerHelloDone, each into the transcript. */
static void dsx_take_server_flight(void)
{
    const struct dsx_msg *sh = dsx_expect_hs(DTLS_HT_SERVER_HELLO);
    struct dtls_server_hello h;
    assert_int_equal(dtls_server_hello_parse(sh->body, sh->len, &h), DTLS_OK);
    memcpy(dsx.server_random, h.random, DTLS_RANDOM_LEN);
    dsx.ems = (h.flags & DTLS_HELLO_EMS) != 0;
    for (uint8_t i = 0; i < dsx.msg_n; i++) {
        if (dsx.msg[i].ct == DTLS_CT_HANDSHAKE)
            dsx_hash_msg(&dsx.msg[i]);
    }
    assert_non_null(dsx_find_hs(DTLS_HT_SERVER_HELLO_DONE));
}

/* Cookie exchange and ClientHello ch: s is then waiting for the ClientKeyExchange. */
static void dsx_client_to_wait_cke(const struct dsx_ch *ch)
{
    dsx_client_begin();
    dsx_client_hello(ch, 0);
    dsx_take_cookie();
    dsx_client_hello(ch, 1);
    dsx_take_server_flight();
    assert_int_equal(dsx_in_use(true), 1);
}

/* ClientKeyExchange with identity id into the datagram being built; keys derived. */
static void dsx_client_key_exchange(const char *id)
{
    uint8_t body[2 + 128];
    uint16_t n = (uint16_t)strlen(id);
    dtls_put_u16(body, n);
    memcpy(body + 2, id, n);
    dsx_hs(DTLS_HT_CLIENT_KEY_EXCHANGE, body, (uint16_t)(n + 2));
    dsx_derive();
}

/* x's whole last flight (Finished bad or not) in one datagram. */
static void dsx_client_last_flight(bool bad_finished)
{
    dsx_client_key_exchange(DSX_IDENTITY);
    dsx_ccs();
    dsx_finished(bad_finished);
    dsx_send();
}

/* A full handshake of x with s: s is connected. */
static void dsx_client_connect(void)
{
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    dsx_client_last_flight(false);
    assert_non_null(dsx_find(DTLS_CT_CHANGE_CIPHER_SPEC));
    dsx_check_peer_finished();
    assert_int_equal(dsx.s.connected, 1);
}

/* Application data from x in epoch 1 with sequence number seq; true if s delivered it. */
static bool dsx_client_data_at(uint64_t seq, const char *text)
{
    uint16_t before = dsx.s.received;
    dsx_rec_at(DTLS_CT_APPLICATION_DATA, 1, seq, (const uint8_t *)text, (uint16_t)strlen(text));
    dsx_send();
    return dsx.s.received != before;
}

/* ---- x as a server against c ------------------------------------------------------------- */

/* A ServerHello's fields (random is x's). */
struct dsx_sh {
    uint16_t version;
    uint16_t suite;
    uint8_t comp;
    const uint8_t *ext;
    uint16_t ext_len;
};

static const uint8_t dsx_ext_renego_ems[] = {0xFF, 0x01, 0x00, 0x01, 0x00, 0x00, 0x17, 0x00, 0x00};

/* What our server answers our client: renegotiation_info and EMS. */
static struct dsx_sh dsx_sh_default(void)
{
    struct dsx_sh sh = {DTLS_VERSION_1_2, DTLS_PSK_WITH_AES_128_CCM_8, 0, dsx_ext_renego_ems,
                        sizeof dsx_ext_renego_ems};
    return sh;
}

static uint16_t dsx_sh_body(uint8_t *out, uint16_t cap, const struct dsx_sh *sh)
{
    struct dtls_wr w;
    dtls_wr_init(&w, out, cap);
    dtls_wr_u16(&w, sh->version);
    dtls_wr_bytes(&w, dsx.server_random, DTLS_RANDOM_LEN);
    dtls_wr_u8(&w, 0);
    dtls_wr_u16(&w, sh->suite);
    dtls_wr_u8(&w, sh->comp);
    if (sh->ext) {
        dtls_wr_u16(&w, sh->ext_len);
        dtls_wr_bytes(&w, sh->ext, sh->ext_len);
    }
    assert_true(w.ok);
    return w.len;
}

/* c's ClientHello received by x (message seq): its random kept, the
 * transcript restarted with it. */
static void dsx_server_take_hello(uint16_t seq)
{
    const struct dsx_msg *m = dsx_expect_hs(DTLS_HT_CLIENT_HELLO);
    assert_int_equal(m->msg_seq, seq);
    struct dtls_client_hello ch;
    assert_int_equal(dtls_client_hello_parse(m->body, m->len, &ch), DTLS_OK);
    assert_int_equal(dtls_client_hello_check(&ch), DTLS_OK);
    memcpy(dsx.client_random, ch.random, DTLS_RANDOM_LEN);
    DtlsStatesTest__hash__init(&dsx.transcript);
    dsx_hash_msg(m);
    dsx.tx_msg_seq = seq;
}

/* c connects to x: x plays a server and has c's first ClientHello. */
static void dsx_server_begin(void)
{
    dsx_reset(false);
    memset(dsx.server_random, 0x5E, sizeof dsx.server_random);
    struct endpoint x = dsx_ep(DSX_X);
    assert_int_equal(DtlsStatesTest__c_session__connect(&x), E_OK);
    dsx_run_for(10);
    dsx_server_take_hello(0);
    assert_int_equal(dsx_in_use(false), 1);
}

/* x's HelloVerifyRequest (message seq 0, record version 1.0 as RFC 6347 4.2.1 says servers should). */
static void dsx_server_hvr(const uint8_t *cookie, uint8_t len)
{
    uint8_t body[3 + 255];
    dtls_put_u16(body, DTLS_VERSION_1_0);
    body[2] = len;
    memcpy(body + 3, cookie, len);
    dsx_hs_seq(DTLS_HT_HELLO_VERIFY_REQUEST, 0, body, (uint16_t)(3 + len), false);
    dsx_send();
}

/* x's first flight: ServerHello sh, a ServerKeyExchange if hint, ServerHelloDone. */
static void dsx_server_flight(const struct dsx_sh *sh, const char *hint)
{
    uint8_t body[DSX_BODY];
    uint16_t n = dsx_sh_body(body, sizeof body, sh);
    struct dtls_server_hello parsed;
    dsx.ems = dtls_server_hello_parse(body, n, &parsed) == DTLS_OK && (parsed.flags & DTLS_HELLO_EMS);
    dsx_hs(DTLS_HT_SERVER_HELLO, body, n);
    if (hint) {
        n = (uint16_t)strlen(hint);
        dtls_put_u16(body, n);
        memcpy(body + 2, hint, n);
        dsx_hs(DTLS_HT_SERVER_KEY_EXCHANGE, body, (uint16_t)(n + 2));
    }
    dsx_hs(DTLS_HT_SERVER_HELLO_DONE, NULL, 0);
    dsx_send();
}

/* c's last flight received by x: ClientKeyExchange (identity checked,
 * keys derived), ChangeCipherSpec, a Finished that verifies. */
static void dsx_server_take_last_flight(void)
{
    const struct dsx_msg *cke = dsx_expect_hs(DTLS_HT_CLIENT_KEY_EXCHANGE);
    assert_int_equal(cke->len, 2 + strlen(DSX_IDENTITY));
    assert_memory_equal(cke->body + 2, DSX_IDENTITY, strlen(DSX_IDENTITY));
    dsx_hash_msg(cke);
    dsx_derive();
    assert_non_null(dsx_find(DTLS_CT_CHANGE_CIPHER_SPEC));
    dsx_check_peer_finished();
}

/* c waits for x's ChangeCipherSpec (x has checked c's Finished). */
static void dsx_server_to_wait_ccs(const char *hint)
{
    dsx_server_begin();
    struct dsx_sh sh = dsx_sh_default();
    dsx_server_flight(&sh, hint);
    dsx_server_take_last_flight();
}

/* A full handshake of c with x: c is connected. */
static void dsx_server_connect(void)
{
    dsx_server_to_wait_ccs(NULL);
    dsx_ccs();
    dsx_finished(false);
    dsx_send();
    assert_int_equal(dsx.c.connected, 1);
}
