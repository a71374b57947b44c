/* psk_file_test.c: PskFileTest, cmocka tests of PskFile on the host: the
 * file format (comments, empty lines, CRLF, either hex case), an error per
 * kind with its line, all-or-nothing loads (a bad line, a full table:
 * max_entries is 4 in tests/wirings/psk_file.wire), entries added from the
 * command line and their duplicates in a file, the hint and the selection,
 * clear() wiping the keys in place, and PskTable answering from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interfaces/psk_config.h"
#include "interfaces/psk_list.h"
#include "interfaces/psk_store.h"
#include "tests/unit/test_cmocka.h"

static char pskfiletest_path[64];

/* Write text to a new temporary file (its name in pskfiletest_path). */
static const char *pskfiletest_file(const char *text)
{
    strcpy(pskfiletest_path, "/tmp/psk-file-test-XXXXXX");
    int fd = mkstemp(pskfiletest_path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return pskfiletest_path;
}

static err_t pskfiletest_load(const char *text, struct psk_config_error *err)
{
    memset(err, 0, sizeof *err);
    err_t e = PskFileTest__config__load(pskfiletest_file(text), err);
    unlink(pskfiletest_path);
    return e;
}

static int pskfiletest_setup(void **state)
{
    (void)state;
    PskFileTest__config__clear();
    return 0;
}

static uint8_t pskfiletest_key(const char *identity, uint8_t *key)
{
    return PskFileTest__psk__key(NULL, (const uint8_t *)identity, (uint8_t)strlen(identity), key);
}

static void test_format(void **state)
{
    (void)state;
    struct psk_config_error err;
    assert_int_equal(pskfiletest_load("# keys of the test\n"
                                      "\n"
                                      "client1:000102030405060708090a0b0c0d0e0f\r\n"
                                      "#client9:00\n"
                                      "id with spaces and = signs:DEADbeef\n"
                                      "last:ff",
                                      &err),
                     E_OK);
    assert_int_equal(PskFileTest__list__count(), 3);
    const struct psk_entry *e = PskFileTest__list__entry(1);
    assert_non_null(e);
    assert_int_equal(e->identity_len, 26);
    assert_memory_equal(e->identity, "id with spaces and = signs", 26);
    assert_int_equal(e->key_len, 4);
    assert_memory_equal(e->key, "\xde\xad\xbe\xef", 4);
    assert_null(PskFileTest__list__entry(3));
    uint8_t key[PSK_KEY_MAX];
    assert_int_equal(pskfiletest_key("client1", key), 16);
    assert_int_equal(key[15], 0x0f);
    assert_int_equal(pskfiletest_key("last", key), 1);
    assert_int_equal(key[0], 0xff);
    assert_int_equal(pskfiletest_key("client9", key), 0); /* commented out */
}

/* One bad file: E_INVAL, the line and the reason, and nothing added. */
static void pskfiletest_bad(const char *text, uint32_t line, const char *why)
{
    struct psk_config_error err;
    uint16_t before = PskFileTest__list__count();
    assert_int_equal(pskfiletest_load(text, &err), E_INVAL);
    assert_int_equal(err.line, line);
    assert_string_equal(err.why, why);
    assert_int_equal(PskFileTest__list__count(), before);
}

static void test_errors_name_the_line(void **state)
{
    (void)state;
    pskfiletest_bad("a:00\nno colon\n", 2, "expected IDENTITY:HEXKEY (no ':' on the line)");
    pskfiletest_bad(":00\n", 1, "empty identity before ':'");
    pskfiletest_bad("a:\n", 1, "empty key after ':'");
    pskfiletest_bad("a:0\n", 1, "key: odd number of hex digits");
    pskfiletest_bad("a:0x00\n", 1, "key: character 2 after ':' is not a hex digit");
    pskfiletest_bad("a:00 \n", 1, "key: character 3 after ':' is not a hex digit");
    pskfiletest_bad("a:00:11\n", 1, "key: character 3 after ':' is not a hex digit");
    pskfiletest_bad("a\x01:00\n", 1, "identity contains a control character");
    pskfiletest_bad("a:00\nb:11\na:22\n", 3, "identity already defined on line 1");
    pskfiletest_bad("# nothing\n\n", 0, "no IDENTITY:HEXKEY line in the file");
}

static void test_lengths(void **state)
{
    (void)state;
    char text[700];
    struct psk_config_error err;
    memset(text, 'i', 128); /* 128-byte identity, 64-byte key: the largest allowed */
    strcpy(text + 128, ":");
    for (int i = 0; i < 64; i++)
        strcat(text, "ab");
    strcat(text, "\n");
    assert_int_equal(pskfiletest_load(text, &err), E_OK);
    assert_int_equal(PskFileTest__list__entry(0)->identity_len, 128);
    assert_int_equal(PskFileTest__list__entry(0)->key_len, 64);
    PskFileTest__config__clear();
    memmove(text + 1, text, strlen(text) + 1); /* 129 bytes */
    pskfiletest_bad(text, 1, "identity longer than 128 bytes");
    memmove(text, text + 1, strlen(text)); /* back to 128, then a 65-byte key */
    strcpy(strchr(text, '\n'), "cd\n");
    pskfiletest_bad(text, 1, "key longer than 64 bytes (128 hex digits)");
    memset(text, 'x', 600);
    strcpy(text + 600, ":00\n");
    pskfiletest_bad(text, 1, "line longer than 512 characters");
}

static void test_all_or_nothing(void **state)
{
    (void)state;
    struct psk_config_error err;
    assert_int_equal(pskfiletest_load("first:01\n", &err), E_OK);
    const uint8_t *kept = PskFileTest__list__entry(0)->key;
    pskfiletest_bad("second:02\nthird:03\nfourth:zz\n", 3, "key: character 1 after ':' is not a hex digit");
    assert_int_equal(PskFileTest__list__count(), 1);
    assert_int_equal(kept[0], 0x01);
    uint8_t key[PSK_KEY_MAX];
    assert_int_equal(pskfiletest_key("second", key), 0);
}

static void test_full_table(void **state)
{
    (void)state;
    struct psk_config_error err;
    assert_int_equal(pskfiletest_load("a:01\nb:02\nc:03\nd:04\ne:05\n", &err), E_NOMEM);
    assert_int_equal(err.line, 5);
    assert_string_equal(err.why, "more entries than the table holds");
    assert_int_equal(PskFileTest__list__count(), 0);
    assert_int_equal(pskfiletest_load("a:01\nb:02\nc:03\nd:04\n", &err), E_OK);
    assert_int_equal(PskFileTest__config__add((const uint8_t *)"e", 1, (const uint8_t *)"\x05", 1), E_NOMEM);
}

static void test_add_and_duplicates(void **state)
{
    (void)state;
    static const uint8_t key[2] = {1, 2};
    uint8_t big[PSK_IDENTITY_MAX + 1];
    memset(big, 'b', sizeof big);
    assert_int_equal(PskFileTest__config__add((const uint8_t *)"cli", 3, key, 2), E_OK);
    assert_int_equal(PskFileTest__config__add((const uint8_t *)"cli", 3, key, 2), E_ALREADY);
    assert_int_equal(PskFileTest__config__add(big, 0, key, 2), E_SIZE);
    assert_int_equal(PskFileTest__config__add(big, PSK_IDENTITY_MAX, key, 0), E_SIZE);
    assert_int_equal(PskFileTest__config__add(big, PSK_IDENTITY_MAX, big, PSK_KEY_MAX + 1), E_SIZE);
    assert_int_equal(PskFileTest__config__add(big, PSK_IDENTITY_MAX, big, PSK_KEY_MAX), E_OK);
    pskfiletest_bad("x:00\ncli:00\n", 2, "identity already given on the command line");
    assert_int_equal(PskFileTest__list__count(), 2);
}

static void test_unreadable_file(void **state)
{
    (void)state;
    struct psk_config_error err;
    assert_int_equal(PskFileTest__config__load("/nonexistent/psk-file", &err), E_FAIL);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.why, "cannot open: No such file or directory");
    assert_int_equal(PskFileTest__config__load("/", &err), E_FAIL); /* a directory: read() fails */
    assert_string_equal(err.why, "cannot read: Is a directory");
    char *huge = malloc(70000);
    assert_non_null(huge);
    memset(huge, '#', 69999);
    huge[69999] = '\0';
    assert_int_equal(pskfiletest_load(huge, &err), E_FAIL);
    free(huge);
    assert_string_equal(err.why, "larger than 65536 bytes");
}

static void test_hint_and_selection(void **state)
{
    (void)state;
    struct psk_config_error err;
    uint8_t hint[PSK_HINT_MAX + 1];
    uint8_t id[PSK_IDENTITY_MAX];
    assert_int_equal(pskfiletest_load("one:01\ntwo:02\nthree:03\n", &err), E_OK);
    assert_int_equal(PskFileTest__list__selected(), PSK_LIST_NONE);
    assert_int_equal(PskFileTest__psk__identity(NULL, NULL, 0, id), 3);                   /* the first */
    assert_int_equal(PskFileTest__psk__identity(NULL, (const uint8_t *)"two", 3, id), 3); /* the hint's */
    assert_memory_equal(id, "two", 3);
    assert_int_equal(PskFileTest__config__select((const uint8_t *)"four", 4), E_INVAL);
    assert_int_equal(PskFileTest__config__select((const uint8_t *)"three", 5), E_OK);
    assert_int_equal(PskFileTest__list__selected(), 2);
    assert_int_equal(PskFileTest__psk__identity(NULL, (const uint8_t *)"two", 3, id), 5);
    assert_memory_equal(id, "three", 5);
    assert_int_equal(PskFileTest__psk__hint(NULL, hint, sizeof hint), 0);
    memset(hint, 'h', sizeof hint);
    assert_int_equal(PskFileTest__config__set_hint(hint, PSK_HINT_MAX + 1), E_SIZE);
    assert_int_equal(PskFileTest__config__set_hint((const uint8_t *)"hint1", 5), E_OK);
    assert_int_equal(PskFileTest__psk__hint(NULL, hint, sizeof hint), 5);
    assert_memory_equal(hint, "hint1", 5);
}

static void test_clear_wipes_the_keys(void **state)
{
    (void)state;
    struct psk_config_error err;
    assert_int_equal(pskfiletest_load("k:ffffffffffffffffffffffffffffffff\n", &err), E_OK);
    const uint8_t *key = PskFileTest__list__entry(0)->key; /* static storage: still valid after clear() */
    assert_int_equal(key[0], 0xff);
    PskFileTest__config__clear();
    static const uint8_t zero[16];
    assert_memory_equal(key, zero, 16);
    assert_int_equal(PskFileTest__list__count(), 0);
    assert_null(PskFileTest__list__entry(0));
    uint8_t out[PSK_KEY_MAX];
    assert_int_equal(pskfiletest_key("k", out), 0);
}

int main(void)
{
#define PSKFILETEST(f) cmocka_unit_test_setup(f, pskfiletest_setup)
    const struct CMUnitTest tests[] = {
        PSKFILETEST(test_format),
        PSKFILETEST(test_errors_name_the_line),
        PSKFILETEST(test_lengths),
        PSKFILETEST(test_all_or_nothing),
        PSKFILETEST(test_full_table),
        PSKFILETEST(test_add_and_duplicates),
        PSKFILETEST(test_unreadable_file),
        PSKFILETEST(test_hint_and_selection),
        PSKFILETEST(test_clear_wipes_the_keys),
    };
    wire_init();
    return cmocka_run_group_tests_name("psk_file", tests, NULL, NULL);
}
