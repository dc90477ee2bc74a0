/*
 * SQLite (Debian's libsqlite3.a) on a file database in the current directory:
 * schema with indexes, prepared inserts in one transaction, a rolled-back
 * transaction and savepoint, joins and aggregates, the query plan, incremental
 * blob I/O, a reopen with integrity check, WAL mode with a checkpoint (shared
 * memory file, mmap), reads through a memory-mapped database file (mmap_size),
 * VACUUM, and the files removed at the end.
 * Expects: exit 0, the same output every run.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DB "corpus.db"

static sqlite3 *db;

static void die(const char *what)
{
    printf("error: %s: %s\n", what, db ? sqlite3_errmsg(db) : "no db");
    exit(1);
}

static void exec(const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        printf("error: %s: %s\n", sql, err);
        exit(1);
    }
}

static int print_row(void *tag, int n, char **vals, char **names)
{
    printf("%s:", (const char *)tag);
    for (int i = 0; i < n; i++)
        printf(" %s=%s", names[i], vals[i] ? vals[i] : "NULL");
    printf("\n");
    return 0;
}

static void query(const char *tag, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, print_row, (void *)tag, &err) != SQLITE_OK) {
        printf("error: %s: %s\n", sql, err);
        exit(1);
    }
}

static long long scalar(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(sql);
    if (sqlite3_step(st) != SQLITE_ROW)
        die(sql);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static unsigned lcg_state = 12345;
static unsigned lcg(void)
{
    lcg_state = lcg_state * 1103515245u + 12345u;
    return (lcg_state >> 8) & 0xffffff;
}

static void open_db(void)
{
    if (sqlite3_open(DB, &db) != SQLITE_OK)
        die("open");
}

static void remove_files(void)
{
    static const char *suffix[] = {"", "-journal", "-wal", "-shm"};
    for (unsigned i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s%s", DB, suffix[i]);
        unlink(name);
    }
}

static void populate(void)
{
    static const char *names[] = {"Austen", "Borges", "Calvino", "Dickens", "Eco", "Flaubert", "Gogol", "Hesse"};
    exec("PRAGMA journal_mode=DELETE;"
         "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, born INTEGER);"
         "CREATE TABLE books(id INTEGER PRIMARY KEY, author INTEGER REFERENCES authors(id), title TEXT, "
         "year INTEGER, price REAL, pages INTEGER);"
         "CREATE INDEX books_year ON books(year);"
         "CREATE INDEX books_author_price ON books(author, price);");
    sqlite3_stmt *st;
    exec("BEGIN");
    if (sqlite3_prepare_v2(db, "INSERT INTO authors(name, born) VALUES(?, ?)", -1, &st, NULL) != SQLITE_OK)
        die("prepare authors");
    for (int i = 0; i < 8; i++) {
        sqlite3_bind_text(st, 1, names[i], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, 1750 + i * 29);
        if (sqlite3_step(st) != SQLITE_DONE)
            die("insert author");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "INSERT INTO books(author, title, year, price, pages) VALUES(?, ?, ?, ?, ?)", -1,
                           &st, NULL) != SQLITE_OK)
        die("prepare books");
    for (int i = 0; i < 5000; i++) {
        char title[48];
        unsigned r = lcg();
        snprintf(title, sizeof title, "Volume %u of %c%c%c", (unsigned)i, 'A' + r % 26, 'a' + (r >> 5) % 26,
                 'a' + (r >> 10) % 26);
        sqlite3_bind_int(st, 1, 1 + (int)(r % 8));
        sqlite3_bind_text(st, 2, title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, 1800 + (int)(lcg() % 220));
        sqlite3_bind_double(st, 4, (double)(lcg() % 10000) / 100.0);
        if (i % 97 == 0)
            sqlite3_bind_null(st, 5);
        else
            sqlite3_bind_int(st, 5, 50 + (int)(lcg() % 900));
        if (sqlite3_step(st) != SQLITE_DONE)
            die("insert book");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec("COMMIT");
    printf("books %lld authors %lld\n", scalar("SELECT count(*) FROM books"), scalar("SELECT count(*) FROM authors"));
}

static void transactions(void)
{
    exec("BEGIN; DELETE FROM books WHERE year < 1900; UPDATE books SET price = 0;");
    printf("inside rolled-back transaction: books %lld zero-priced %lld\n", scalar("SELECT count(*) FROM books"),
           scalar("SELECT count(*) FROM books WHERE price = 0"));
    exec("ROLLBACK");
    printf("after rollback: books %lld zero-priced %lld\n", scalar("SELECT count(*) FROM books"),
           scalar("SELECT count(*) FROM books WHERE price = 0"));
    exec("BEGIN; UPDATE books SET pages = pages + 1 WHERE pages IS NOT NULL; SAVEPOINT sp; "
         "DELETE FROM books WHERE id % 2 = 0;");
    printf("in savepoint: books %lld\n", scalar("SELECT count(*) FROM books"));
    exec("ROLLBACK TO sp; RELEASE sp; COMMIT");
    printf("after savepoint rollback: books %lld pages %lld\n", scalar("SELECT count(*) FROM books"),
           scalar("SELECT sum(pages) FROM books"));
    char *err = NULL;
    int rc = sqlite3_exec(db, "INSERT INTO authors(name) VALUES('Austen')", NULL, NULL, &err);
    printf("duplicate author: rc %d (%s)\n", rc, err);
    sqlite3_free(err);
}

static void queries(void)
{
    query("per author", "SELECT a.name, count(*) AS n, printf('%.2f', sum(b.price)) AS total, "
                        "printf('%.1f', avg(b.year)) AS avg_year, min(b.year) AS first, max(b.pages) AS longest "
                        "FROM authors a JOIN books b ON b.author = a.id GROUP BY a.id ORDER BY n DESC, a.name");
    query("per century", "SELECT year / 100 AS century, count(*) AS n, count(pages) AS with_pages "
                         "FROM books GROUP BY century ORDER BY century");
    query("top", "SELECT b.title, a.name, b.price FROM books b JOIN authors a ON a.id = b.author "
                 "WHERE b.year BETWEEN 1900 AND 1910 ORDER BY b.price DESC, b.id LIMIT 5");
    query("window", "SELECT name, born, rank() OVER (ORDER BY born DESC) AS r, "
                    "sum(born) OVER (ORDER BY born ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s "
                    "FROM authors ORDER BY born LIMIT 4");
    query("cte", "WITH RECURSIVE fib(a, b, n) AS (SELECT 0, 1, 0 UNION ALL SELECT b, a + b, n + 1 FROM fib "
                 "WHERE n < 60) SELECT max(a) AS fib60, count(*) AS rows FROM fib");
    query("subquery", "SELECT count(*) AS above_avg FROM books WHERE price > (SELECT avg(price) FROM books)");
    query("plan", "EXPLAIN QUERY PLAN SELECT * FROM books WHERE year = 1850");
    query("strings", "SELECT upper(substr(title, 1, 6)) AS u, length(title) AS len, instr(title, 'of') AS pos, "
                     "replace(title, ' ', '_') AS r, hex(substr(title, -3)) AS h FROM books WHERE id IN (1, 2500, 5000)");
    query("json", "SELECT json_object('id', id, 'year', year) AS j, json_array_length(json_array(1, 2, id)) AS l "
                  "FROM books WHERE id = 42");
}

static void blobs(void)
{
    enum { SIZE = 200000, CHUNK = 4096 };
    exec("CREATE TABLE blobs(id INTEGER PRIMARY KEY, data BLOB);"
         "INSERT INTO blobs(id, data) VALUES(1, zeroblob(200000));");
    sqlite3_blob *b;
    if (sqlite3_blob_open(db, "main", "blobs", "data", 1, 1, &b) != SQLITE_OK)
        die("blob_open");
    unsigned char buf[CHUNK];
    for (int off = 0; off < SIZE; off += CHUNK) {
        int n = SIZE - off < CHUNK ? SIZE - off : CHUNK;
        for (int i = 0; i < n; i++)
            buf[i] = (unsigned char)((off + i) * 7 + ((off + i) >> 9));
        if (sqlite3_blob_write(b, buf, n, off) != SQLITE_OK)
            die("blob_write");
    }
    printf("blob bytes %d\n", sqlite3_blob_bytes(b));
    int rc = sqlite3_blob_write(b, buf, 16, SIZE - 8);
    printf("write past end: rc %d\n", rc);
    sqlite3_blob_close(b);
    if (sqlite3_blob_open(db, "main", "blobs", "data", 1, 0, &b) != SQLITE_OK)
        die("blob_open ro");
    unsigned long sum = 0;
    for (int off = 0; off < SIZE; off += 1000) {
        unsigned char r[1000];
        if (sqlite3_blob_read(b, r, 1000, off) != SQLITE_OK)
            die("blob_read");
        for (int i = 0; i < 1000; i++)
            sum = sum * 31 + r[i];
    }
    sqlite3_blob_close(b);
    printf("blob checksum %lu\n", sum);
    query("blob sql", "SELECT length(data) AS len, hex(substr(data, 1000, 8)) AS h FROM blobs");
}

static void wal(void)
{
    query("journal", "PRAGMA journal_mode=WAL");
    exec("BEGIN; CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT);");
    for (int i = 0; i < 300; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "INSERT INTO log(msg) VALUES('entry %d %s')", i, i % 3 ? "info" : "warn");
        exec(sql);
    }
    exec("COMMIT");
    struct stat st;
    printf("wal file present: %s\n", stat(DB "-wal", &st) == 0 && st.st_size > 0 ? "yes" : "no");
    printf("log rows %lld warn %lld\n", scalar("SELECT count(*) FROM log"),
           scalar("SELECT count(*) FROM log WHERE msg LIKE '%warn'"));
    int logged = -1, ckpt = -1;
    if (sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &logged, &ckpt) != SQLITE_OK)
        die("checkpoint");
    printf("checkpoint: all frames copied %s\n", logged == ckpt ? "yes" : "no");
    printf("wal size after truncate %lld\n", stat(DB "-wal", &st) == 0 ? (long long)st.st_size : -1LL);
    query("journal", "PRAGMA journal_mode=DELETE");
}

int main(void)
{
    remove_files();
    open_db();
    populate();
    transactions();
    queries();
    blobs();
    if (sqlite3_close(db) != SQLITE_OK)
        die("close");
    db = NULL;

    open_db();
    /* Reads through a shared mapping of the database file from here on. */
    query("mmap", "PRAGMA mmap_size=67108864");
    query("integrity", "PRAGMA integrity_check");
    printf("reopened: books %lld\n", scalar("SELECT count(*) FROM books"));
    wal();
    exec("DROP TABLE blobs; DELETE FROM books WHERE id % 3 = 0;");
    long long before = scalar("PRAGMA page_count");
    exec("VACUUM");
    long long after = scalar("PRAGMA page_count");
    printf("vacuum shrank the file: %s (freelist %lld)\n", after < before ? "yes" : "no",
           scalar("PRAGMA freelist_count"));
    query("integrity", "PRAGMA integrity_check");
    printf("final: books %lld log %lld\n", scalar("SELECT count(*) FROM books"), scalar("SELECT count(*) FROM log"));
    if (sqlite3_close(db) != SQLITE_OK)
        die("close");
    remove_files();
    printf("sqlite %s done\n", sqlite3_libversion());
    return 0;
}
