/*
 * uring.h: the io_uring kernel ABI the libOS uses (written from the kernel's
 * UAPI description: only what uring.c needs) and uring.c's interface to
 * worker.c.
 *
 * Invariants of the ABI, which the layouts below are checked against: an SQE
 * is 64 bytes, a CQE 16 (no SQE128/CQE32 setup flags); the SQ and CQ rings are
 * mapped from the ring fd at offsets 0 and IORING_OFF_CQ_RING (one mapping with
 * IORING_FEAT_SINGLE_MMAP), the SQE array at IORING_OFF_SQES; the application
 * owns the SQ tail and the CQ head (store-release), the kernel the SQ head and
 * the CQ tail (load-acquire); with SQPOLL, a full barrier separates publishing
 * a tail from reading IORING_SQ_NEED_WAKEUP.
 */
#ifndef AZ_URING_H
#define AZ_URING_H
#include "az.h"

#define NR_io_uring_setup 425
#define NR_io_uring_enter 426
#define NR_io_uring_register 427

struct io_sqring_offsets {
    uint32_t head, tail, ring_mask, ring_entries, flags, dropped, array, resv1;
    uint64_t user_addr;
};

struct io_cqring_offsets {
    uint32_t head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1;
    uint64_t user_addr;
};

struct io_uring_params {
    uint32_t sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features, wq_fd, resv[3];
    struct io_sqring_offsets sq_off;
    struct io_cqring_offsets cq_off;
};
_Static_assert(sizeof(struct io_uring_params) == 120, "io_uring_params size");

struct io_uring_sqe {
    uint8_t opcode;
    uint8_t flags;              /* IOSQE_* */
    uint16_t ioprio;
    int32_t fd;
    uint64_t off;               /* file offset; accept: the addrlen pointer; connect: the addrlen */
    uint64_t addr;              /* buffer, iovec array, msghdr, sockaddr, timespec, or user_data to cancel */
    uint32_t len;               /* bytes, iovec count, or epoll maxevents */
    uint32_t op_flags;          /* rw_flags, msg_flags, poll32_events, accept_flags, timeout/cancel flags */
    uint64_t user_data;
    uint16_t buf_index;
    uint16_t personality;
    int32_t splice_fd_in;
    uint64_t addr3;
    uint64_t pad2;
};
_Static_assert(sizeof(struct io_uring_sqe) == 64, "io_uring_sqe size");

struct io_uring_cqe {
    uint64_t user_data;
    int32_t res;
    uint32_t flags;
};
_Static_assert(sizeof(struct io_uring_cqe) == 16, "io_uring_cqe size");

struct io_uring_probe_op {
    uint8_t op, resv;
    uint16_t flags;             /* IO_URING_OP_SUPPORTED */
    uint32_t resv2;
};

struct io_uring_probe {
    uint8_t last_op, ops_len;
    uint16_t resv;
    uint32_t resv2[3];
    struct io_uring_probe_op ops[256];
};

#define IORING_SETUP_SQPOLL 2
#define IORING_SETUP_SQ_AFF 4
#define IORING_FEAT_SINGLE_MMAP 1
#define IORING_FEAT_NODROP 2
#define IORING_FEAT_RW_CUR_POS 8
#define IORING_FEAT_POLL_32BITS 64
#define IORING_ENTER_GETEVENTS 1
#define IORING_ENTER_SQ_WAKEUP 2
#define IORING_SQ_NEED_WAKEUP 1
#define IOSQE_IO_LINK 4
#define IORING_OFF_SQ_RING 0
#define IORING_OFF_SQES 0x10000000
#define IORING_REGISTER_PROBE 8
#define IO_URING_OP_SUPPORTED 1

enum {
    IORING_OP_READV = 1,
    IORING_OP_POLL_ADD = 6,
    IORING_OP_RECVMSG = 10,
    IORING_OP_ACCEPT = 13,
    IORING_OP_ASYNC_CANCEL = 14,
    IORING_OP_LINK_TIMEOUT = 15,
    IORING_OP_CONNECT = 16,
    IORING_OP_READ = 22,
    IORING_OP_RECV = 27,
    IORING_OP_EPOLL_WAIT = 59,
};

/* One offloaded call on the ring: lives on the calling thread's libOS stack
   until every CQE it asked for (the call, its linked timeout, a cancel) has
   been reaped. */
struct az_uring_call {
    struct az_thread *thread;
    long nr;                    /* the system call it serves */
    long args[6];
    struct io_uring_sqe sqe;    /* prepared, copied into the ring on submission */
    struct k_timespec timeout;  /* the linked timeout's, when has_timeout */
    int has_timeout;
    int pending;                /* CQEs still to come; the completer wakes the thread at 0 */
    int cancel_sent;
    int timed_out;              /* the linked timeout fired (-ETIME) */
    int result;                 /* the call's CQE */
};

enum { URING_NO, URING_YES, URING_SYNC };
/* Whether the ring serves nr(args): URING_YES (call prepared in call),
   URING_SYNC (it cannot block: a synchronous host call is exact), URING_NO. */
int az_uring_prepare(struct az_uring_call *call, long nr, const long args[6]);
/* Puts the prepared call on the ring; 0, or -1 when the ring has no room. */
int az_uring_submit(struct az_uring_call *call);
/* A signal for the caller: cancel the call if it has not completed. */
void az_uring_cancel(struct az_uring_call *call);
/* The system call's result once every CQE is in. */
long az_uring_result(struct az_uring_call *call);
/* The CPU the kernel's SQ poller has to itself (a bit), or 0. */
uint64_t az_uring_poller_cpus(void);
#endif
