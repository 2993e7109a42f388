/* A USB/IP test client: a TCP connection to the server under test that can
 * record every byte, both ways, into a pcap file tshark reads (Ethernet,
 * IPv4, TCP port 3240 framing made up around the real payloads).
 */
#ifndef TK_TEST_USBIP_CLIENT_H
#define TK_TEST_USBIP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct usbip_pcap {
    FILE *file;
    unsigned packets;
    uint16_t next_client_port;
};

struct usbip_client {
    int fd;
    struct usbip_pcap *pcap; /* NULL: not recorded */
    uint16_t client_port;
    uint32_t client_seq, server_seq;
};

/* Open `path` for writing a pcap (link type Ethernet). Returns 0 or -errno. */
int usbip_pcap_open(struct usbip_pcap *p, const char *path);
void usbip_pcap_close(struct usbip_pcap *p);

/* Connect to 127.0.0.1:`port` (non-blocking afterwards). Returns 0 or -errno. */
int usbip_client_connect(struct usbip_client *c, uint16_t port, struct usbip_pcap *pcap);
/* Send all of `bytes` (small messages: the socket buffer takes them). */
void usbip_client_send(struct usbip_client *c, const void *bytes, size_t len);
/* Read what is there now: the count, 0 at end of file, -EAGAIN for none. */
ssize_t usbip_client_recv(struct usbip_client *c, void *buf, size_t len);
void usbip_client_close(struct usbip_client *c);

/* Big-endian message building. */
void usbip_put32(uint8_t *p, uint32_t v);
void usbip_put16(uint8_t *p, uint16_t v);
uint32_t usbip_get32(const uint8_t *p);
uint16_t usbip_get16(const uint8_t *p);

/* A 48-byte USBIP_CMD_SUBMIT header. */
void usbip_cmd_submit(uint8_t h[48], uint32_t seqnum, uint32_t devid, uint32_t direction,
                      uint32_t endpoint, uint32_t length, const uint8_t setup[8]);

#endif
