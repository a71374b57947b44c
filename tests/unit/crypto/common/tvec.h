/* tvec.h: reading published test vectors at test time (posix test drivers
 * only: stdio and malloc are fine here, never in components).
 *
 *  - tvec_hex(): hex string -> bytes.
 *  - struct tvec_rsp: the NIST CAVP .rsp / RFC text format of
 *    cryptography_vectors: `Name = value` lines, `[L = 32]` sections,
 *    `#` comments; one record ends at a blank line.
 *  - struct tjson: a small JSON reader (objects, arrays, strings, numbers,
 *    true/false/null) for the Wycheproof files: the whole file becomes a
 *    tree, looked up with tjson_get()/tjson_at().
 *
 * Every function fails loudly (returns an error the caller asserts on)
 * rather than guessing: a vector file that does not parse is a test
 * failure, not a skipped test. */
#ifndef TESTS_CRYPTO_TVEC_H
#define TESTS_CRYPTO_TVEC_H
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decode hex (even length, no separators) into out (at most max bytes):
 * the byte count, or -1 on a bad digit, odd length or overflow. */
static inline long tvec_hex(const char *s, uint8_t *out, size_t max)
{
    size_t n = strlen(s);
    if (n % 2)
        return -1;
    if (n / 2 > max)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v = 0;
        for (int j = 0; j < 2; j++) {
            int c = tolower((unsigned char)s[2 * i + (size_t)j]);
            if (c >= '0' && c <= '9')
                v = v * 16 + (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f')
                v = v * 16 + (unsigned)(c - 'a' + 10);
            else
                return -1;
        }
        out[i] = (uint8_t)v;
    }
    return (long)(n / 2);
}

/* Hex into a fresh buffer (free() it); *len gets the byte count. NULL on error. */
static inline uint8_t *tvec_hex_alloc(const char *s, size_t *len)
{
    size_t n = strlen(s) / 2;
    uint8_t *p = malloc(n ? n : 1);
    long r = p ? tvec_hex(s, p, n) : -1;
    if (r < 0) {
        free(p);
        return NULL;
    }
    *len = (size_t)r;
    return p;
}

/* ---- CAVP .rsp and RFC text files ---- */

enum { TVEC_FIELDS = 16, TVEC_LINE = 1 << 20 };

struct tvec_rsp {
    FILE *f;
    char *line;
    char section[64]; /* the last [..] header, without brackets */
    unsigned nfields;
    char name[TVEC_FIELDS][32];
    char *value[TVEC_FIELDS];
    unsigned records;
};

static inline bool tvec_rsp_open(struct tvec_rsp *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->f = fopen(path, "r");
    r->line = malloc(TVEC_LINE);
    if (!r->f || !r->line) {
        fprintf(stderr, "tvec: cannot open %s\n", path);
        return false;
    }
    return true;
}

static inline void tvec_rsp_clear(struct tvec_rsp *r)
{
    for (unsigned i = 0; i < r->nfields; i++)
        free(r->value[i]);
    r->nfields = 0;
}

static inline void tvec_rsp_close(struct tvec_rsp *r)
{
    tvec_rsp_clear(r);
    if (r->f)
        fclose(r->f);
    free(r->line);
}

/* The value of field name in the current record, or NULL. */
static inline const char *tvec_field(const struct tvec_rsp *r, const char *name)
{
    for (unsigned i = 0; i < r->nfields; i++)
        if (strcmp(r->name[i], name) == 0)
            return r->value[i];
    return NULL;
}

/* Read the next record (a run of `Name = value` lines): true if one was
 * read, false at the end of the file. */
static inline bool tvec_rsp_next(struct tvec_rsp *r)
{
    tvec_rsp_clear(r);
    while (fgets(r->line, TVEC_LINE, r->f)) {
        char *s = r->line;
        size_t n = strlen(s);
        while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
            s[--n] = 0;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '#')
            continue;
        if (*s == 0) {
            if (r->nfields) {
                r->records++;
                return true;
            }
            continue;
        }
        if (*s == '[') {
            char *end = strchr(s, ']');
            size_t len = end ? (size_t)(end - s - 1) : strlen(s + 1);
            if (len >= sizeof r->section)
                len = sizeof r->section - 1;
            memcpy(r->section, s + 1, len);
            r->section[len] = 0;
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq || r->nfields == TVEC_FIELDS)
            continue;
        char *ne = eq;
        while (ne > s && (ne[-1] == ' ' || ne[-1] == '\t'))
            ne--;
        size_t nl = (size_t)(ne - s);
        if (nl >= sizeof r->name[0])
            nl = sizeof r->name[0] - 1;
        memcpy(r->name[r->nfields], s, nl);
        r->name[r->nfields][nl] = 0;
        char *v = eq + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        r->value[r->nfields++] = strdup(v);
    }
    if (r->nfields) {
        r->records++;
        return true;
    }
    return false;
}

/* ---- a small JSON reader ---- */

enum tjson_type { TJSON_NULL, TJSON_BOOL, TJSON_NUMBER, TJSON_STRING, TJSON_ARRAY, TJSON_OBJECT };

struct tjson {
    enum tjson_type type;
    char *key;    /* member name inside an object */
    char *str;    /* TJSON_STRING */
    double num;   /* TJSON_NUMBER, TJSON_BOOL */
    size_t count; /* children of an array or object */
    struct tjson **child;
};

static inline void tjson_free(struct tjson *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->count; i++)
        tjson_free(j->child[i]);
    free(j->child);
    free(j->key);
    free(j->str);
    free(j);
}

static inline void tjson_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
}

/* A JSON string at *p (which is at the opening quote); \uXXXX above 0x7F is
 * kept as '?' (the vector files use only ASCII in fields we read). */
static inline char *tjson_string(const char **p)
{
    if (**p != '"')
        return NULL;
    (*p)++;
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    while (s && **p && **p != '"') {
        char c = *(*p)++;
        if (c == '\\') {
            c = *(*p)++;
            switch (c) {
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case 'r':
                c = '\r';
                break;
            case 'b':
                c = '\b';
                break;
            case 'f':
                c = '\f';
                break;
            case 'u': {
                unsigned v = 0;
                for (int i = 0; i < 4; i++) {
                    char h = *(*p)++;
                    v = v * 16 + (unsigned)(isdigit((unsigned char)h)
                                                ? h - '0'
                                                : (tolower((unsigned char)h) - 'a' + 10));
                }
                c = v < 0x80 ? (char)v : '?';
                break;
            }
            case 0:
                free(s);
                return NULL;
            default:
                break; /* \" \\ \/ */
            }
        }
        if (n + 2 > cap) {
            char *t = realloc(s, cap *= 2);
            if (!t) {
                free(s);
                return NULL;
            }
            s = t;
        }
        s[n++] = c;
    }
    if (!s || **p != '"') {
        free(s);
        return NULL;
    }
    (*p)++;
    s[n] = 0;
    return s;
}

static inline struct tjson *tjson_value(const char **p, int depth);

static inline bool tjson_add(struct tjson *parent, struct tjson *c)
{
    struct tjson **t = realloc(parent->child, (parent->count + 1) * sizeof *t);
    if (!t)
        return false;
    parent->child = t;
    parent->child[parent->count++] = c;
    return true;
}

static inline struct tjson *tjson_value(const char **p, int depth)
{
    tjson_ws(p);
    struct tjson *j = calloc(1, sizeof *j);
    if (!j || depth > 64)
        goto bad;
    if (**p == '{' || **p == '[') {
        bool obj = **p == '{';
        char close = obj ? '}' : ']';
        j->type = obj ? TJSON_OBJECT : TJSON_ARRAY;
        (*p)++;
        tjson_ws(p);
        if (**p == close) {
            (*p)++;
            return j;
        }
        for (;;) {
            char *key = NULL;
            tjson_ws(p);
            if (obj) {
                key = tjson_string(p);
                tjson_ws(p);
                if (!key || **p != ':') {
                    free(key);
                    goto bad;
                }
                (*p)++;
            }
            struct tjson *c = tjson_value(p, depth + 1);
            if (!c || !tjson_add(j, c)) {
                free(key);
                tjson_free(c);
                goto bad;
            }
            c->key = key;
            tjson_ws(p);
            if (**p == ',') {
                (*p)++;
                continue;
            }
            if (**p == close) {
                (*p)++;
                return j;
            }
            goto bad;
        }
    }
    if (**p == '"') {
        j->type = TJSON_STRING;
        j->str = tjson_string(p);
        if (!j->str)
            goto bad;
        return j;
    }
    if (strncmp(*p, "true", 4) == 0 || strncmp(*p, "false", 5) == 0) {
        j->type = TJSON_BOOL;
        j->num = **p == 't';
        *p += **p == 't' ? 4 : 5;
        return j;
    }
    if (strncmp(*p, "null", 4) == 0) {
        j->type = TJSON_NULL;
        *p += 4;
        return j;
    }
    {
        char *end;
        j->type = TJSON_NUMBER;
        j->num = strtod(*p, &end);
        if (end == *p)
            goto bad;
        *p = end;
        return j;
    }
bad:
    tjson_free(j);
    return NULL;
}

/* Parse a whole file; NULL (with a message) if it cannot be read or parsed. */
static inline struct tjson *tjson_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "tjson: cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(text);
        return NULL;
    }
    fclose(f);
    text[n] = 0;
    const char *p = text;
    struct tjson *j = tjson_value(&p, 0);
    tjson_ws(&p);
    if (j && *p) {
        tjson_free(j);
        j = NULL;
    }
    if (!j)
        fprintf(stderr, "tjson: %s does not parse\n", path);
    free(text);
    return j;
}

/* Member key of an object, or NULL. */
static inline const struct tjson *tjson_get(const struct tjson *j, const char *key)
{
    if (!j || j->type != TJSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < j->count; i++)
        if (strcmp(j->child[i]->key, key) == 0)
            return j->child[i];
    return NULL;
}

/* The string of member key, or NULL. */
static inline const char *tjson_str(const struct tjson *j, const char *key)
{
    const struct tjson *v = tjson_get(j, key);
    return v && v->type == TJSON_STRING ? v->str : NULL;
}

/* The number of member key, or -1. */
static inline long tjson_num(const struct tjson *j, const char *key)
{
    const struct tjson *v = tjson_get(j, key);
    return v && v->type == TJSON_NUMBER ? (long)v->num : -1;
}

#endif
