/* Every Check suite, exactly once (libuv test/test-list.h). One line per
 * suite: TK_SUITE(name) declares `Suite *name_suite(void)`, and meson runs each
 * as its own test, in parallel. Keep the list grouped by folder. */

/* tests/kernel */
TK_SUITE(credentials)
TK_SUITE(appid)
TK_SUITE(tbf_vectors)
TK_SUITE(tbf)
TK_SUITE(yield)
TK_SUITE(subscribe)
TK_SUITE(command)
TK_SUITE(allow_rw)
TK_SUITE(allow_ro)
TK_SUITE(allow_ur)
TK_SUITE(memop)
TK_SUITE(exit)
TK_SUITE(grant)
TK_SUITE(sched)
TK_SUITE(subtle)

/* tests/tbf */
TK_SUITE(tockbin)

/* tests/capsules */
TK_SUITE(process_console)
TK_SUITE(process_info)
TK_SUITE(ipc)
TK_SUITE(ipc_revised)
TK_SUITE(lend)
TK_SUITE(read_only_state)
TK_SUITE(led)
TK_SUITE(button)
TK_SUITE(gpio)
TK_SUITE(rng)
TK_SUITE(console)
TK_SUITE(alarm)
TK_SUITE(low_level_debug)
TK_SUITE(virtual_uart)
TK_SUITE(app_flash)
TK_SUITE(nonvolatile_storage)
TK_SUITE(kv)
TK_SUITE(sensors)
TK_SUITE(screen)
TK_SUITE(adc)
TK_SUITE(date_time)
TK_SUITE(crc)
TK_SUITE(digest)
TK_SUITE(aes)
TK_SUITE(actuators)
TK_SUITE(isolated_nonvolatile_storage)
TK_SUITE(dac)
TK_SUITE(gpio_async)
TK_SUITE(i2c_master)
TK_SUITE(touch)
TK_SUITE(text_screen)

/* tests/capsules (USB) */
TK_SUITE(usb)

/* tests/hw */
TK_SUITE(alarm_model)
TK_SUITE(pins_model)
TK_SUITE(inputs_model)
TK_SUITE(uart_model)
TK_SUITE(terminal)
TK_SUITE(telnet)
TK_SUITE(flash_model)
TK_SUITE(wfr_store)
TK_SUITE(board_file)
TK_SUITE(usbip)

/* tests/process */
TK_SUITE(process_fault)
TK_SUITE(process_switch)
TK_SUITE(process_window)
TK_SUITE(process_inproc)

/* tests/machine */
TK_SUITE(machine)

/* tests/sdk (tockemu-cc, tockemu-make, install) */
TK_SUITE(sdk)

/* tests/e2e */
TK_SUITE(e2e_run)
TK_SUITE(e2e_syscalls)
TK_SUITE(e2e_process_console)
TK_SUITE(e2e_faults)
TK_SUITE(e2e_redteam)
TK_SUITE(e2e_fault_policy)
TK_SUITE(e2e_restart)
TK_SUITE(e2e_peripherals)
TK_SUITE(e2e_load)
TK_SUITE(e2e_console)
TK_SUITE(e2e_terminal)
TK_SUITE(e2e_drivers)
TK_SUITE(e2e_extra_drivers)
TK_SUITE(e2e_io_drivers)
TK_SUITE(e2e_trace)
TK_SUITE(e2e_usb)
TK_SUITE(e2e_redteam_grant)
TK_SUITE(e2e_bad_input)
TK_SUITE(e2e_fault_report)
TK_SUITE(e2e_cli)
TK_SUITE(e2e_replay)
TK_SUITE(e2e_gdb)
TK_SUITE(e2e_pie)
TK_SUITE(e2e_ipc)
