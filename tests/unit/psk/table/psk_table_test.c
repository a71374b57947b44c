/* psk_table_test.c: PskTableTest, cmocka tests of PskTable over the const
 * table of PskTableList (what a mote's application gives it): key lookup by
 * exact identity only (not a prefix, not a longer one, not empty), the
 * client's identity rule (selected entry, then the entry the hint names,
 * then the first), the hint passed through, unsound entries skipped. Runs
 * on the host and in the MSP430 simulator. */
#include <string.h>

#include "interfaces/psk_list.h"
#include "interfaces/psk_store.h"
#include "tests/fakes/interfaces/psk_list_ctl.h"
#include "tests/unit/test_cmocka.h"

/* The table's keys (tests/unit/psk/table/psk_table_list.c), as expected here. */
static const uint8_t psktabletest_k1[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t psktabletest_k2[4] = {0xde, 0xad, 0xbe, 0xef};
static const uint8_t psktabletest_k3[64] = {[0] = 0x33, [63] = 0x34};

static int psktabletest_setup(void **state)
{
    (void)state;
    PskTableTest__table__set(4, PSK_LIST_NONE, NULL);
    return 0;
}

static uint8_t psktabletest_key(const char *identity, uint8_t *key)
{
    memset(key, 0xAA, PSK_KEY_MAX);
    return PskTableTest__psk__key(NULL, (const uint8_t *)identity, (uint8_t)strlen(identity), key);
}

static void test_key_by_exact_identity(void **state)
{
    (void)state;
    uint8_t key[PSK_KEY_MAX];
    assert_int_equal(psktabletest_key("client1", key), 16);
    assert_memory_equal(key, psktabletest_k1, 16);
    assert_int_equal(psktabletest_key("client", key), 4);
    assert_memory_equal(key, psktabletest_k2, 4);
    assert_int_equal(psktabletest_key("node-with-a-64-byte-key", key), 64);
    assert_memory_equal(key, psktabletest_k3, 64);
}

static void test_unknown_identities_get_no_key(void **state)
{
    (void)state;
    uint8_t key[PSK_KEY_MAX];
    assert_int_equal(psktabletest_key("client12", key), 0); /* longer than one */
    assert_int_equal(psktabletest_key("clien", key), 0);    /* a prefix of both */
    assert_int_equal(psktabletest_key("Client1", key), 0);  /* case matters */
    assert_int_equal(psktabletest_key("client2", key), 0);  /* last byte differs */
    assert_int_equal(psktabletest_key("broken", key), 0);   /* no key: unsound entry */
    assert_int_equal(PskTableTest__psk__key(NULL, (const uint8_t *)"x", 0, key), 0);
    assert_int_equal(key[0], 0xAA); /* nothing written */
}

static uint8_t psktabletest_identity(const char *hint, char *out)
{
    uint8_t id[PSK_IDENTITY_MAX + 1];
    uint16_t n = hint ? (uint16_t)strlen(hint) : 0;
    uint8_t len = PskTableTest__psk__identity(NULL, (const uint8_t *)hint, n, id);
    memcpy(out, id, len);
    out[len] = '\0';
    return len;
}

static void test_client_rule_first_entry_without_hint(void **state)
{
    (void)state;
    char id[PSK_IDENTITY_MAX + 1];
    assert_int_equal(psktabletest_identity(NULL, id), 7);
    assert_string_equal(id, "client1");
    assert_int_equal(psktabletest_identity("a hint naming no entry", id), 7);
    assert_string_equal(id, "client1");
}

static void test_client_rule_hint_names_an_entry(void **state)
{
    (void)state;
    char id[PSK_IDENTITY_MAX + 1];
    assert_int_equal(psktabletest_identity("client", id), 6);
    assert_string_equal(id, "client");
    assert_int_equal(psktabletest_identity("node-with-a-64-byte-key", id), 23);
    assert_string_equal(id, "node-with-a-64-byte-key");
    assert_int_equal(psktabletest_identity("broken", id), 7); /* unsound: not chosen, the first is */
    assert_string_equal(id, "client1");
}

static void test_client_rule_selected_wins(void **state)
{
    (void)state;
    char id[PSK_IDENTITY_MAX + 1];
    PskTableTest__table__set(4, 2, NULL);
    assert_int_equal(psktabletest_identity("client", id), 23);
    assert_string_equal(id, "node-with-a-64-byte-key");
    PskTableTest__table__set(4, 3, NULL); /* an unsound entry selected: no identity at all */
    assert_int_equal(psktabletest_identity(NULL, id), 0);
}

static void test_empty_table(void **state)
{
    (void)state;
    char id[PSK_IDENTITY_MAX + 1];
    uint8_t key[PSK_KEY_MAX];
    PskTableTest__table__set(0, PSK_LIST_NONE, NULL);
    assert_int_equal(psktabletest_identity("client1", id), 0);
    assert_int_equal(psktabletest_key("client1", key), 0);
}

static void test_hint_passed_through(void **state)
{
    (void)state;
    uint8_t buf[8];
    assert_int_equal(PskTableTest__psk__hint(NULL, buf, sizeof buf), 0);
    PskTableTest__table__set(4, PSK_LIST_NONE, "hint1");
    assert_int_equal(PskTableTest__psk__hint(NULL, buf, sizeof buf), 5);
    assert_memory_equal(buf, "hint1", 5);
    PskTableTest__table__set(4, PSK_LIST_NONE, "a longer hint");
    assert_int_equal(PskTableTest__psk__hint(NULL, buf, sizeof buf), 0); /* does not fit: none */
}

int main(void)
{
#define PSKTABLETEST(f) cmocka_unit_test_setup(f, psktabletest_setup)
    const struct CMUnitTest tests[] = {
        PSKTABLETEST(test_key_by_exact_identity),
        PSKTABLETEST(test_unknown_identities_get_no_key),
        PSKTABLETEST(test_client_rule_first_entry_without_hint),
        PSKTABLETEST(test_client_rule_hint_names_an_entry),
        PSKTABLETEST(test_client_rule_selected_wins),
        PSKTABLETEST(test_empty_table),
        PSKTABLETEST(test_hint_passed_through),
    };
    wire_init();
    return cmocka_run_group_tests_name("psk_table", tests, NULL, NULL);
}
