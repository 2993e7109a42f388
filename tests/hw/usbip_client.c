/* USB/IP test client and pcap recorder (see usbip_client.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "usbip_client.h"

#define SERVER_PORT 3240 /* the pcap says 3240 so tshark picks the dissector */

void usbip_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

void usbip_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

uint32_t usbip_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint16_t usbip_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

void usbip_cmd_submit(uint8_t h[48], uint32_t seqnum, uint32_t devid, uint32_t direction,
                      uint32_t endpoint, uint32_t length, const uint8_t setup[8])
{
    memset(h, 0, 48);
    usbip_put32(h, 1);
    usbip_put32(h + 4, seqnum);
    usbip_put32(h + 8, devid);
    usbip_put32(h + 12, direction);
    usbip_put32(h + 16, endpoint);
    usbip_put32(h + 24, length);
    usbip_put32(h + 32, 0); /* not isochronous: 0, as Linux vhci-hcd sends */
    if (setup != NULL)
        memcpy(h + 40, setup, 8);
}

/* ---- pcap ---- */

static void le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

int usbip_pcap_open(struct usbip_pcap *p, const char *path)
{
    uint8_t h[24] = {0};
    memset(p, 0, sizeof *p);
    p->file = fopen(path, "wb");
    if (p->file == NULL)
        return -errno;
    le32(h, 0xa1b2c3d4);
    h[4] = 2, h[6] = 4; /* version 2.4 */
    le32(h + 16, 65535);
    le32(h + 20, 1); /* LINKTYPE_ETHERNET */
    fwrite(h, 1, sizeof h, p->file);
    p->next_client_port = 40000;
    return 0;
}

void usbip_pcap_close(struct usbip_pcap *p)
{
    if (p->file != NULL)
        fclose(p->file);
    p->file = NULL;
}

static uint16_t ip_checksum(const uint8_t *h, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < len; i += 2)
        sum += (uint32_t)(h[i] << 8 | h[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

enum { TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_PSH = 0x08, TCP_ACK = 0x10 };

/* One TCP segment, client to server (`to_server`) or back. */
static void record(struct usbip_client *c, bool to_server, uint8_t flags, const void *payload,
                   size_t len)
{
    if (c->pcap == NULL || c->pcap->file == NULL)
        return;
    uint8_t f[14 + 20 + 20] = {0};
    uint8_t *eth = f, *ip = f + 14, *tcp = f + 34;
    eth[5] = to_server ? 2 : 1, eth[11] = to_server ? 1 : 2;
    eth[12] = 0x08; /* IPv4 */
    ip[0] = 0x45;
    usbip_put16(ip + 2, (uint16_t)(20 + 20 + len));
    ip[8] = 64, ip[9] = 6; /* TCP */
    uint8_t client_ip[4] = {127, 0, 0, 2}, server_ip[4] = {127, 0, 0, 1};
    memcpy(ip + 12, to_server ? client_ip : server_ip, 4);
    memcpy(ip + 16, to_server ? server_ip : client_ip, 4);
    usbip_put16(ip + 10, ip_checksum(ip, 20));
    usbip_put16(tcp, to_server ? c->client_port : SERVER_PORT);
    usbip_put16(tcp + 2, to_server ? SERVER_PORT : c->client_port);
    uint32_t *seq = to_server ? &c->client_seq : &c->server_seq;
    uint32_t *ack = to_server ? &c->server_seq : &c->client_seq;
    usbip_put32(tcp + 4, *seq);
    usbip_put32(tcp + 8, (flags & TCP_ACK) ? *ack : 0);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    usbip_put16(tcp + 14, 65535);
    *seq += (uint32_t)len + ((flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);

    uint8_t rec[16];
    unsigned n = c->pcap->packets++;
    le32(rec, 1700000000u + n / 1000);
    le32(rec + 4, (n % 1000) * 1000);
    le32(rec + 8, (uint32_t)(sizeof f + len));
    le32(rec + 12, (uint32_t)(sizeof f + len));
    fwrite(rec, 1, sizeof rec, c->pcap->file);
    fwrite(f, 1, sizeof f, c->pcap->file);
    if (len > 0)
        fwrite(payload, 1, len, c->pcap->file);
}

/* ---- the connection ---- */

int usbip_client_connect(struct usbip_client *c, uint16_t port, struct usbip_pcap *pcap)
{
    memset(c, 0, sizeof *c);
    c->pcap = pcap;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return -errno;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        int rc = -errno;
        close(c->fd);
        c->fd = -1;
        return rc;
    }
    (void)fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
    if (pcap != NULL) {
        c->client_port = pcap->next_client_port++;
        c->client_seq = 1000, c->server_seq = 5000;
        record(c, true, TCP_SYN, NULL, 0);
        record(c, false, TCP_SYN | TCP_ACK, NULL, 0);
        record(c, true, TCP_ACK, NULL, 0);
    }
    return 0;
}

void usbip_client_send(struct usbip_client *c, const void *bytes, size_t len)
{
    const uint8_t *p = bytes;
    record(c, true, TCP_PSH | TCP_ACK, bytes, len);
    while (len > 0) {
        ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return; /* the server closed: the test sees it on recv */
        p += n;
        len -= (size_t)n;
    }
}

ssize_t usbip_client_recv(struct usbip_client *c, void *buf, size_t len)
{
    ssize_t n = recv(c->fd, buf, len, 0);
    if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK ? -EAGAIN : -errno;
    if (n > 0)
        record(c, false, TCP_PSH | TCP_ACK, buf, (size_t)n);
    return n;
}

void usbip_client_close(struct usbip_client *c)
{
    if (c->fd < 0)
        return;
    record(c, true, TCP_FIN | TCP_ACK, NULL, 0);
    record(c, false, TCP_FIN | TCP_ACK, NULL, 0);
    record(c, true, TCP_ACK, NULL, 0);
    close(c->fd);
    c->fd = -1;
}
