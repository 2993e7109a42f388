/* private to emu/hw uart: the host side of the UART model (uart_host.c).
 *
 * The only place with termios and pty calls (style §1); uart.c calls these.
 */
#ifndef EMU_UART_INTERNAL_H
#define EMU_UART_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* Saved terminal settings of a raw-mode input fd. */
struct emu__uart_tty;

/* Open a pty: a non-blocking master, its slave in raw mode, and the slave's
 * path. With `slave_fd` the model keeps the slave open (the master then
 * stays usable while no one is attached); with NULL it is closed again, so
 * that the master shows whether a terminal program holds the slave
 * (emu__uart_pty_attached). Returns 0, or -errno with *failed_call naming
 * the call and nothing left open. */
int emu__uart_pty_open(int *master_fd, int *slave_fd, char *path, size_t path_len,
                       const char **failed_call);
/* True while some program holds the slave of `master` open (no POLLHUP). */
bool emu__uart_pty_attached(int master);
/* A terminal program holds the slave (`path`) of `master`: wait until it
 * has read what was written to it, at most `bound_ms` (closing the master
 * hangs the slave up, and the hang-up throws unread input away). */
void emu__uart_pty_drain(int master, const char *path, unsigned bound_ms);
/* Make `link` a symbolic link to `target`, replacing an older symbolic link
 * (never a file). Returns 0 or -errno. */
int emu__uart_pty_link(const char *link, const char *target);
/* Run `command` through /bin/sh with every %s replaced by `path`, not
 * waiting for it. Returns 0 or -errno. */
int emu__uart_spawn_attach(const char *command, const char *path);

/* If `fd` is a terminal, switch it to byte-at-a-time input without echo
 * (ISIG and OPOST kept) and return its old settings in *saved. Returns 0
 * (*saved NULL if `fd` is not a terminal), or -errno. */
int emu__uart_tty_raw(int fd, struct emu__uart_tty **saved);
/* Restore and free what emu__uart_tty_raw saved (NULL is fine). */
void emu__uart_tty_restore(int fd, struct emu__uart_tty *saved);

/* Listen on `address`: "unix:PATH" or "tcp:PORT" (every interface) or
 * "tcp:HOST:PORT" (port 0: a free one); "telnet:" as "tcp:". Returns a non-blocking listening
 * fd and in `bound` the address as bound ("tcp:127.0.0.1:41234"), or
 * -errno with *failed_call naming the step ("address" for one that does
 * not parse). */
int emu__uart_listen(const char *address, char *bound, size_t bound_len, const char **failed_call);
/* Accept one waiting client, non-blocking; its fd, or -errno. */
int emu__uart_accept(int listen_fd);

/* Catch SIGINT, SIGTERM and SIGHUP as readable events: block them and open
 * a signalfd for them. Returns the fd, or -errno (then nothing changed). */
int emu__uart_interrupt_open(void);
/* The signal number waiting on the signalfd `fd`, or 0 if none. */
int emu__uart_interrupt_read(int fd);
/* Close the signalfd and unblock the signals again (fd -1 is fine). */
void emu__uart_interrupt_close(int fd);

#endif
