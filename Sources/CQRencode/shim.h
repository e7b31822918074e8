#ifndef VAULT_QRENCODE_SHIM_H
#define VAULT_QRENCODE_SHIM_H
// libqrencode's types only: vault does not link libqrencode. TerminalQR loads libqrencode.so.4
// with dlopen when `vault create-mfa-device` shows a QR code, and nothing else maps it. Nothing
// here may call a QRcode_* symbol directly.
#include <qrencode.h>

// The two functions vault uses, as the function-pointer types dlsym's results are cast to.
typedef QRcode *(*vault_qrcode_encode_string_fn)(const char *string, int version, QRecLevel level, QRencodeMode hint,
                                                  int casesensitive);
typedef void (*vault_qrcode_free_fn)(QRcode *qrcode);

#endif
