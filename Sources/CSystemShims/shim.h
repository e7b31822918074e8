#ifndef VAULT_SYSTEM_SHIMS_H
#define VAULT_SYSTEM_SHIMS_H
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/// prctl is variadic and so invisible from Swift; these wrap the two calls vault makes.
static inline int vault_set_dumpable(int value) {
    return prctl(PR_SET_DUMPABLE, (unsigned long)value, 0UL, 0UL, 0UL);
}

static inline int vault_get_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0UL, 0UL, 0UL, 0UL);
}

/// accept4 is a GNU extension Swift's Glibc module does not show. SOCK_CLOEXEC at accept leaves
/// no moment in which a process spawned by another thread could inherit the connection.
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
static inline int vault_accept_cloexec(int fd) {
    return accept4(fd, 0, 0, SOCK_CLOEXEC);
}

/// The uid that owns the other end of `fd`, an accepted IPv4 TCP connection from this machine,
/// asked of the kernel's sock_diag by the exact address pair (SO_PEERCRED answers for Unix
/// sockets only: on TCP it gives uid -1). 0 on success, else a negative errno; -ENOENT also when
/// the peer socket has no owner any more (closed: orphaned or in TIME_WAIT, inode 0).
/// The netlink header and its alignment macros are why this is C.
static inline int vault_tcp_peer_uid(int fd, unsigned int *uid) {
    struct sockaddr_in local, peer;
    socklen_t length = sizeof local;
    if (getsockname(fd, (struct sockaddr *)&local, &length) != 0) return -errno;
    length = sizeof peer;
    if (getpeername(fd, (struct sockaddr *)&peer, &length) != 0) return -errno;
    if (local.sin_family != AF_INET || peer.sin_family != AF_INET) return -EAFNOSUPPORT;

    int diag = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (diag < 0) return -errno;
    struct {
        struct nlmsghdr header;
        struct inet_diag_req_v2 body;
    } request;
    memset(&request, 0, sizeof request);
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    request.header.nlmsg_flags = NLM_F_REQUEST;
    request.body.sdiag_family = AF_INET;
    request.body.sdiag_protocol = IPPROTO_TCP;
    request.body.idiag_states = ~0U;
    /* The peer's socket, seen from its side: its source is our peer address. */
    request.body.id.idiag_sport = peer.sin_port;
    request.body.id.idiag_dport = local.sin_port;
    request.body.id.idiag_src[0] = peer.sin_addr.s_addr;
    request.body.id.idiag_dst[0] = local.sin_addr.s_addr;
    request.body.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    request.body.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    struct sockaddr_nl kernel;
    memset(&kernel, 0, sizeof kernel);
    kernel.nl_family = AF_NETLINK;
    ssize_t sent;
    do {
        sent = sendto(diag, &request, sizeof request, 0, (struct sockaddr *)&kernel, sizeof kernel);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        int saved = errno;
        close(diag);
        return -saved;
    }
    union {
        struct nlmsghdr header;
        char bytes[8192];
    } answer;
    ssize_t received;
    do {
        received = recv(diag, &answer, sizeof answer, 0);
    } while (received < 0 && errno == EINTR);
    int saved = errno;
    close(diag);
    if (received < 0) return -saved;
    struct nlmsghdr *message = &answer.header;
    if (!NLMSG_OK(message, (unsigned int)received)) return -EPROTO;
    if (message->nlmsg_type == NLMSG_ERROR) {
        struct nlmsgerr *error = (struct nlmsgerr *)NLMSG_DATA(message);
        return error->error != 0 ? error->error : -EPROTO;
    }
    if (message->nlmsg_type != SOCK_DIAG_BY_FAMILY || message->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
        return -EPROTO;
    struct inet_diag_msg *found = (struct inet_diag_msg *)NLMSG_DATA(message);
    if (found->idiag_inode == 0) return -ENOENT;
    *uid = found->idiag_uid;
    return 0;
}
#endif
