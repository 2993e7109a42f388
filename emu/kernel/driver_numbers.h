/* Driver numbers: the one table of which number names which syscall driver.
 *
 * Mirrors tock/tock capsules/core/src/driver.rs @65608d71 `NUM` (spec §8).
 * Capsules take their default number from here, the board registers each
 * capsule at the number this table gives, and the harness's fakes use the
 * same names; nothing else spells a driver number out. The revised IPC
 * numbers (0xA00xx) come from tock/tock PR 5015's driver.rs; 0xE0000 is
 * tockemu's own experimental lend demo (issue 12).
 */
#ifndef TK_DRIVER_NUMBERS_H
#define TK_DRIVER_NUMBERS_H

/* X(NAME, number, "trace name") */
#define TK_DRIVER_NUMBERS(X)                                                                       \
    X(ALARM, 0x0, "alarm")                                                                         \
    X(CONSOLE, 0x1, "console")                                                                     \
    X(LED, 0x2, "led")                                                                             \
    X(BUTTON, 0x3, "button")                                                                       \
    X(GPIO, 0x4, "gpio")                                                                           \
    X(ADC, 0x5, "adc")                                                                             \
    X(DAC, 0x6, "dac")                                                                             \
    X(LOW_LEVEL_DEBUG, 0x8, "low-level debug")                                                     \
    X(READ_ONLY_STATE, 0x9, "read-only state")                                                     \
    X(IPC, 0x10000, "ipc")                                                                         \
    X(PROCESS_INFO, 0x10002, "process info")                                                       \
    X(I2C_MASTER, 0x20003, "i2c master")                                                           \
    X(I2C_MASTER_SLAVE, 0x20006, "i2c master slave")                                               \
    X(USB_USER, 0x20005, "usb user")                                                               \
    X(RNG, 0x40001, "rng")                                                                         \
    X(CRC, 0x40002, "crc")                                                                         \
    X(HMAC, 0x40003, "hmac")                                                                       \
    X(SHA, 0x40005, "sha")                                                                         \
    X(AES, 0x40006, "aes")                                                                         \
    X(APP_FLASH, 0x50000, "app flash")                                                             \
    X(NONVOLATILE_STORAGE, 0x50001, "nonvolatile storage")                                         \
    X(KV, 0x50003, "kv")                                                                           \
    X(ISOLATED_NONVOLATILE_STORAGE, 0x50004, "isolated nonvolatile storage")                       \
    X(TEMPERATURE, 0x60000, "temperature")                                                         \
    X(HUMIDITY, 0x60001, "humidity")                                                               \
    X(AMBIENT_LIGHT, 0x60002, "ambient light")                                                     \
    X(NINEDOF, 0x60004, "ninedof")                                                                 \
    X(PROXIMITY, 0x60005, "proximity")                                                             \
    X(SOUND_PRESSURE, 0x60006, "sound pressure")                                                   \
    X(PRESSURE, 0x60008, "pressure")                                                               \
    X(MOISTURE, 0x6000A, "moisture")                                                               \
    X(RAINFALL, 0x6000B, "rainfall")                                                               \
    X(GPIO_ASYNC, 0x80003, "gpio async")                                                           \
    X(BUZZER, 0x90000, "buzzer")                                                                   \
    X(SCREEN, 0x90001, "screen")                                                                   \
    X(TOUCH, 0x90002, "touch")                                                                     \
    X(TEXT_SCREEN, 0x90003, "text screen")                                                         \
    X(DATE_TIME, 0x90007, "date time")                                                             \
    X(SERVO, 0x90009, "servo")                                                                     \
    X(IPC_REGISTRY_STRING_NAME, 0xA0000, "ipc registry string name")                               \
    X(IPC_REGISTRY_PACKAGE_NAME, 0xA0001, "ipc registry")                                          \
    X(IPC_RELAY_REQUEST, 0xA0010, "ipc relay")                                                     \
    X(IPC_RELAY_MESSAGE, 0xA0011, "ipc relay message")                                             \
    X(LEND_DEMO, 0xE0000, "lend demo")

enum tk_driver_num {
#define TK__DRIVER_NUM_ENUM(name, number, text) TK_DRIVER_NUM_##name = number,
    TK_DRIVER_NUMBERS(TK__DRIVER_NUM_ENUM)
#undef TK__DRIVER_NUM_ENUM
};

#endif
