/* locks: advisory file locks inside one process. fcntl record locks
 * (F_SETLK/F_GETLK: a process never conflicts with itself, ranges merge and
 * split, unlock of a middle part, F_UNLCK answers, l_len 0 to EOF, EBADF for a
 * write lock on a read-only fd, EINVAL bad type); closing ANY descriptor of
 * the file drops the process's record locks; open file description locks
 * (F_OFD_SETLK/F_OFD_GETLK) conflicting between two opens of the same file
 * (EAGAIN, l_pid -1), not between dups, released at the last close; flock
 * conflicts between two opens (LOCK_NB: EWOULDBLOCK), shared locks
 * together, upgrade and downgrade, flock independent of fcntl locks.
 * Expects: one "ok" line per check, exits 0; removes its file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "check.h"

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
    struct flock f;
    memset(&f, 0, sizeof f);
    f.l_type = type;
    f.l_whence = SEEK_SET;
    f.l_start = start;
    f.l_len = len;
    return fcntl(fd, cmd, &f);
}

/* What F_GETLK/F_OFD_GETLK answers for a probe: type, start, len, pid class. */
static int probe(int fd, int cmd, short type, off_t start, off_t len, short want_type, off_t want_start,
                 off_t want_len)
{
    struct flock f;
    memset(&f, 0, sizeof f);
    f.l_type = type;
    f.l_whence = SEEK_SET;
    f.l_start = start;
    f.l_len = len;
    if (fcntl(fd, cmd, &f) != 0)
        return 0;
    if (f.l_type != want_type)
        return 0;
    if (want_type == F_UNLCK)
        return 1;
    return f.l_start == want_start && f.l_len == want_len &&
           (cmd == F_OFD_GETLK ? f.l_pid == -1 : f.l_pid == getpid());
}

int main(void)
{
    int a = open("locks.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    int b = open("locks.tmp", O_RDWR);
    int r = open("locks.tmp", O_RDONLY);
    CHECK("three opens", a >= 0 && b >= 0 && r >= 0 && write(a, "0123456789", 10) == 10);

    CHECK("F_SETLK write 0..9", lk(a, F_SETLK, F_WRLCK, 0, 10) == 0);
    CHECK("same process, other fd: no conflict", lk(b, F_SETLK, F_WRLCK, 5, 10) == 0);
    CHECK("F_GETLK: own locks never conflict", probe(b, F_GETLK, F_WRLCK, 0, 0, F_UNLCK, 0, 0));
    CHECK("unlock the middle 3..4", lk(a, F_SETLK, F_UNLCK, 3, 2) == 0);
    CHECK("read lock over a write lock converts", lk(a, F_SETLK, F_RDLCK, 0, 1) == 0);
    CHECK_ERR("write lock on a read-only fd", lk(r, F_SETLK, F_WRLCK, 0, 1), EBADF);
    CHECK("read lock on a read-only fd", lk(r, F_SETLK, F_RDLCK, 20, 0) == 0);
    CHECK_ERR("read lock on a write-only fd",
              lk(a = (close(a), open("locks.tmp", O_WRONLY)), F_SETLK, F_RDLCK, 0, 1), EBADF);
    CHECK_ERR("bad lock type", lk(b, F_SETLK, 77, 0, 1), EINVAL);
    CHECK_ERR("negative start", lk(b, F_SETLK, F_RDLCK, -5, 1), EINVAL);
    CHECK_ERR("bad fd", lk(99, F_SETLK, F_RDLCK, 0, 1), EBADF);

    /* OFD locks belong to the open file description: a and b conflict. */
    close(a);
    close(b);
    close(r);
    a = open("locks.tmp", O_RDWR);
    b = open("locks.tmp", O_RDWR);
    int a2 = dup(a);
    CHECK("OFD write lock 0..4 on a", lk(a, F_OFD_SETLK, F_WRLCK, 0, 5) == 0);
    CHECK_ERR("OFD write lock on b conflicts", lk(b, F_OFD_SETLK, F_WRLCK, 4, 2), EAGAIN);
    CHECK_ERR("OFD read lock on b conflicts", lk(b, F_OFD_SETLK, F_RDLCK, 0, 1), EAGAIN);
    CHECK("OFD lock past it on b", lk(b, F_OFD_SETLK, F_WRLCK, 5, 5) == 0);
    CHECK("OFD_GETLK from b sees a's lock, pid -1", probe(b, F_OFD_GETLK, F_RDLCK, 0, 100, F_WRLCK, 0, 5));
    CHECK("a dup shares the description: no conflict", lk(a2, F_OFD_SETLK, F_WRLCK, 0, 5) == 0);
    CHECK_ERR("OFD lock needs l_pid 0",
              fcntl(b, F_OFD_SETLK, &(struct flock){.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_pid = 1}), EINVAL);
    close(a);
    CHECK_ERR("still held through the dup", lk(b, F_OFD_SETLK, F_RDLCK, 0, 1), EAGAIN);
    close(a2);
    CHECK("released at the last close", lk(b, F_OFD_SETLK, F_RDLCK, 0, 1) == 0);
    CHECK("OFD unlock", lk(b, F_OFD_SETLK, F_UNLCK, 0, 0) == 0);

    /* Classic record locks: closing any fd of the file drops them all. */
    a = open("locks.tmp", O_RDWR);
    int c = open("locks.tmp", O_RDWR);
    CHECK("record lock on a", lk(a, F_SETLK, F_WRLCK, 0, 0) == 0);
    CHECK_ERR("OFD lock on b conflicts with a's record lock", lk(b, F_OFD_SETLK, F_WRLCK, 0, 1), EAGAIN);
    close(c);
    CHECK("closing another fd dropped the record lock", lk(b, F_OFD_SETLK, F_WRLCK, 0, 1) == 0);
    CHECK_ERR("now a record lock conflicts with b's OFD lock", lk(a, F_SETLK, F_RDLCK, 0, 1), EAGAIN);
    struct flock g = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    CHECK("GETLK sees the OFD lock as pid -1", fcntl(a, F_GETLK, &g) == 0 && g.l_type == F_WRLCK &&
          g.l_start == 0 && g.l_len == 1 && g.l_pid == -1);
    lk(b, F_OFD_SETLK, F_UNLCK, 0, 0);

    CHECK("flock LOCK_EX on a", flock(a, LOCK_EX | LOCK_NB) == 0);
    CHECK_ERR("flock LOCK_EX on b", flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
    CHECK_ERR("flock LOCK_SH on b", flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
    CHECK("flock and fcntl locks are independent", lk(b, F_OFD_SETLK, F_WRLCK, 0, 0) == 0 &&
          lk(b, F_OFD_SETLK, F_UNLCK, 0, 0) == 0);
    CHECK("downgrade a to LOCK_SH", flock(a, LOCK_SH | LOCK_NB) == 0);
    CHECK("shared on b too", flock(b, LOCK_SH | LOCK_NB) == 0);
    CHECK_ERR("upgrade a blocked by b's share", flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
    CHECK("unlock b, upgrade a", flock(b, LOCK_UN) == 0 && flock(a, LOCK_EX | LOCK_NB) == 0);
    int d = dup(a);
    CHECK("a dup holds the same flock", flock(d, LOCK_EX | LOCK_NB) == 0);
    CHECK("LOCK_UN through the dup releases it", flock(d, LOCK_UN) == 0 && flock(b, LOCK_EX | LOCK_NB) == 0);
    CHECK_ERR("flock bad operation", flock(b, 0), EINVAL);
    CHECK_ERR("flock bad fd", flock(99, LOCK_SH), EBADF);
    close(d);
    close(a);
    close(b);
    CHECK("unlink", unlink("locks.tmp") == 0);
    return failed;
}
