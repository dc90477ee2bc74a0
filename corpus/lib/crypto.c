/*
 * OpenSSL's libcrypto (Debian's libcrypto.a, from libssl-dev) with fixed keys
 * and inputs only: digests (SHA-1/256/512, SHA3-256, BLAKE2b-512, MD5) of
 * known-answer strings and of a large buffer fed in pieces, HMAC-SHA256,
 * AES-128-CBC and AES-256-CTR round trips, AES-256-GCM and
 * ChaCha20-Poly1305 with a tag check that must reject a flipped byte, PBKDF2
 * and HKDF, Ed25519 signatures from a fixed private key (deterministic),
 * big-number modular exponentiation, and base64.
 * Expects: exit 0, the same output every run.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/opensslv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hex(const char *label, const unsigned char *p, size_t n)
{
    printf("%s ", label);
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

static void die(const char *what)
{
    printf("error: %s: %s\n", what, ERR_error_string(ERR_get_error(), NULL));
    exit(1);
}

static void digests(const unsigned char *big, size_t bign)
{
    static const char *names[] = {"MD5", "SHA1", "SHA256", "SHA512", "SHA3-256", "BLAKE2B-512"};
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
        EVP_MD *md = EVP_MD_fetch(NULL, names[i], NULL);
        if (!md)
            die(names[i]);
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned n;
        char label[64];
        if (!EVP_Digest("abc", 3, out, &n, md, NULL))
            die("digest");
        snprintf(label, sizeof label, "%s(abc)", names[i]);
        hex(label, out, n);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        EVP_DigestInit_ex(ctx, md, NULL);
        for (size_t off = 0, step = 1; off < bign; off += step, step = step * 3 % 8191 + 1)
            EVP_DigestUpdate(ctx, big + off, off + step > bign ? bign - off : step);
        EVP_DigestFinal_ex(ctx, out, &n);
        EVP_MD_CTX_free(ctx);
        snprintf(label, sizeof label, "%s(4 MiB in pieces)", names[i]);
        hex(label, out, n);
        EVP_MD_free(md);
    }
}

static void mac_and_kdf(void)
{
    unsigned char out[64];
    unsigned n;
    static const unsigned char key[] = "Jefe";
    HMAC(EVP_sha256(), key, 4, (const unsigned char *)"what do ya want for nothing?", 28, out, &n);
    hex("HMAC-SHA256", out, n);
    if (!PKCS5_PBKDF2_HMAC("password", 8, (const unsigned char *)"salt", 4, 4096, EVP_sha256(), 32, out))
        die("pbkdf2");
    hex("PBKDF2-SHA256(4096)", out, 32);

    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    EVP_KDF_CTX *kctx = EVP_KDF_CTX_new(kdf);
    unsigned char ikm[22], salt[13], info[10];
    memset(ikm, 0x0b, sizeof ikm);
    for (unsigned i = 0; i < sizeof salt; i++)
        salt[i] = (unsigned char)i;
    for (unsigned i = 0; i < sizeof info; i++)
        info[i] = (unsigned char)(0xf0 + i);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm, sizeof ikm),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt, sizeof salt),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, sizeof info),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_KDF_derive(kctx, out, 42, params) <= 0)
        die("hkdf");
    hex("HKDF-SHA256", out, 42);
    EVP_KDF_CTX_free(kctx);
    EVP_KDF_free(kdf);
}

/* Encrypts and decrypts msg with the cipher; AEAD ciphers also check that a
 * flipped ciphertext byte makes decryption fail. */
static void cipher(const char *name, const unsigned char *msg, int len)
{
    EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
    if (!c)
        die(name);
    unsigned char key[32], iv[16], aad[] = "header", tag[16];
    for (int i = 0; i < 32; i++)
        key[i] = (unsigned char)(i * 11 + 1);
    for (int i = 0; i < 16; i++)
        iv[i] = (unsigned char)(0xa0 + i);
    int aead = (EVP_CIPHER_get_flags(c) & EVP_CIPH_FLAG_AEAD_CIPHER) != 0;
    int ivlen = EVP_CIPHER_get_iv_length(c);
    unsigned char *ct = malloc(len + 32), *pt = malloc(len + 32);
    int n, total = 0;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!EVP_EncryptInit_ex2(ctx, c, key, iv, NULL))
        die("encrypt init");
    if (aead)
        EVP_EncryptUpdate(ctx, NULL, &n, aad, sizeof aad - 1);
    for (int off = 0; off < len; off += 1000) {
        EVP_EncryptUpdate(ctx, ct + total, &n, msg + off, len - off < 1000 ? len - off : 1000);
        total += n;
    }
    EVP_EncryptFinal_ex(ctx, ct + total, &n);
    total += n;
    if (aead)
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag);
    EVP_CIPHER_CTX_free(ctx);
    unsigned char d[32];
    unsigned dn;
    EVP_Digest(ct, total, d, &dn, EVP_sha256(), NULL);
    printf("%s: key %d bits, iv %d bytes, %d -> %d bytes, ciphertext sha256 %02x%02x%02x%02x..., first block ",
           name, EVP_CIPHER_get_key_length(c) * 8, ivlen, len, total, d[0], d[1], d[2], d[3]);
    for (int i = 0; i < 16; i++)
        printf("%02x", ct[i]);
    printf("\n");
    if (aead)
        hex("  tag", tag, 16);

    for (int tamper = 0; tamper <= aead; tamper++) {
        if (tamper)
            ct[len / 2] ^= 1;
        ctx = EVP_CIPHER_CTX_new();
        EVP_DecryptInit_ex2(ctx, c, key, iv, NULL);
        if (aead) {
            EVP_DecryptUpdate(ctx, NULL, &n, aad, sizeof aad - 1);
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 16, tag);
        }
        int ptn = 0;
        EVP_DecryptUpdate(ctx, pt, &n, ct, total);
        ptn += n;
        int ok = EVP_DecryptFinal_ex(ctx, pt + ptn, &n);
        ptn += ok ? n : 0;
        EVP_CIPHER_CTX_free(ctx);
        printf("  decrypt%s: %s, plaintext %s\n", tamper ? " after a flipped byte" : "", ok > 0 ? "accepted" : "rejected",
               ptn == len && !memcmp(pt, msg, len) ? "equal" : "different");
    }
    ERR_clear_error();
    free(ct);
    free(pt);
    EVP_CIPHER_free(c);
}

static void ed25519(void)
{
    unsigned char priv[32], pub[32], sig[64];
    size_t n = 32;
    for (int i = 0; i < 32; i++)
        priv[i] = (unsigned char)(i * 7 + 3);
    EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv, 32);
    if (!k)
        die("ed25519 key");
    EVP_PKEY_get_raw_public_key(k, pub, &n);
    hex("ed25519 public", pub, n);
    static const unsigned char msg[] = "the image must behave like the native program";
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t sn = sizeof sig;
    if (!EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) || !EVP_DigestSign(ctx, sig, &sn, msg, sizeof msg - 1))
        die("sign");
    EVP_MD_CTX_free(ctx);
    hex("ed25519 signature", sig, sn);
    for (int flip = 0; flip < 2; flip++) {
        unsigned char m[sizeof msg];
        memcpy(m, msg, sizeof msg);
        m[0] ^= (unsigned char)flip;
        ctx = EVP_MD_CTX_new();
        EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k);
        int ok = EVP_DigestVerify(ctx, sig, sn, m, sizeof msg - 1);
        EVP_MD_CTX_free(ctx);
        printf("  verify %s message: %s\n", flip ? "altered" : "original", ok == 1 ? "valid" : "invalid");
    }
    ERR_clear_error();
    EVP_PKEY_free(k);
}

static void bignum(void)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *p = NULL, *g = BN_new(), *e = NULL, *r = BN_new(), *f = BN_new();
    /* 2^521 - 1 is a Mersenne prime. */
    BN_set_word(g, 1);
    BN_lshift(g, g, 521);
    p = BN_dup(g);
    BN_sub_word(p, 1);
    BN_hex2bn(&e, "123456789abcdef0fedcba9876543210123456789abcdef");
    BN_set_word(g, 3);
    BN_mod_exp(r, g, e, p, ctx);
    char *s = BN_bn2hex(r);
    printf("3^e mod (2^521-1) = %s\n", s);
    OPENSSL_free(s);
    printf("2^521-1 is %s\n", BN_check_prime(p, ctx, NULL) == 1 ? "prime" : "composite");
    BN_one(f);
    for (unsigned i = 2; i <= 200; i++)
        BN_mul_word(f, i);
    s = BN_bn2dec(f);
    printf("200! has %zu digits, starts %.20s, bits %d\n", strlen(s), s, BN_num_bits(f));
    OPENSSL_free(s);
    BN_gcd(r, f, p, ctx);
    s = BN_bn2dec(r);
    printf("gcd(200!, 2^521-1) = %s\n", s);
    OPENSSL_free(s);
    BN_free(p);
    BN_free(g);
    BN_free(e);
    BN_free(r);
    BN_free(f);
    BN_CTX_free(ctx);
}

int main(void)
{
    printf("%s\n", OPENSSL_VERSION_TEXT);
    size_t bign = 4 << 20;
    unsigned char *big = malloc(bign);
    for (size_t i = 0; i < bign; i++)
        big[i] = (unsigned char)(i ^ (i >> 8) ^ (i >> 16));
    digests(big, bign);
    mac_and_kdf();
    cipher("AES-128-CBC", big, 100000);
    cipher("AES-256-CTR", big + 7, 65537);
    cipher("AES-256-GCM", big + 3, 50000);
    cipher("ChaCha20-Poly1305", big + 1, 30001);
    ed25519();
    bignum();
    unsigned char b64[64];
    int n = EVP_EncodeBlock(b64, (const unsigned char *)"any carnal pleasure.", 20);
    printf("base64 %.*s\n", n, b64);
    free(big);
    return 0;
}
