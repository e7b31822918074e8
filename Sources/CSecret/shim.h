// The part of libsecret's and GLib's C interface that SecretService calls, as function-pointer
// types for dlsym (Sources/SecretService/LibSecret.swift).
//
// <libsecret/secret.h> is not included: its include path comes from pkg-config, and SwiftPM's
// pkg-config support would also link libsecret, GIO, GObject and GLib into every vault process,
// which is what this module exists to avoid. The declarations below are copied from the Debian 12
// headers (libsecret 0.20, GLib 2.74); Tests/integration/csecret_abi_check.c compiles this file
// against the real headers (CSECRET_CHECK_AGAINST_HEADERS) and fails on any difference in a
// type, a signature or a constant.
#ifndef CSECRET_SHIM_H
#define CSECRET_SHIM_H

#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>

#ifdef CSECRET_CHECK_AGAINST_HEADERS
// The check: the real types, so every typedef below must match the real declaration exactly.
typedef GHashTable csecret_GHashTable;
typedef SecretSchema csecret_SecretSchema;
typedef SecretValue csecret_SecretValue;
typedef SecretService csecret_SecretService;
typedef SecretCollection csecret_SecretCollection;
typedef GCancellable csecret_GCancellable;
typedef GError csecret_GError;
typedef GQuark csecret_GQuark;
typedef gboolean csecret_gboolean;
typedef SecretSchemaFlags csecret_SecretSchemaFlags;
typedef SecretServiceFlags csecret_SecretServiceFlags;
typedef SecretCollectionFlags csecret_SecretCollectionFlags;
#else
// Opaque to vault: only pointers to these cross the boundary.
typedef struct csecret_GHashTable csecret_GHashTable;
typedef struct csecret_SecretSchema csecret_SecretSchema;
typedef struct csecret_SecretValue csecret_SecretValue;
typedef struct csecret_SecretService csecret_SecretService;
typedef struct csecret_SecretCollection csecret_SecretCollection;
typedef struct csecret_GCancellable csecret_GCancellable;
typedef uint32_t csecret_GQuark;  // guint32
typedef int csecret_gboolean;     // gint
/// GLib's `GError` (glib/gerror.h): read by vault, freed with g_error_free.
typedef struct csecret_GError {
    csecret_GQuark domain;
    int code;
    char *message;
} csecret_GError;
// Enums whose values are all non-negative: unsigned int in GCC's and Clang's C ABI.
typedef unsigned int csecret_SecretSchemaFlags;
typedef unsigned int csecret_SecretServiceFlags;
typedef unsigned int csecret_SecretCollectionFlags;
#endif

typedef unsigned int (*csecret_GHashFunc)(const void *key);
typedef csecret_gboolean (*csecret_GEqualFunc)(const void *a, const void *b);
typedef void (*csecret_GDestroyNotify)(void *data);

// GLib (found through libsecret's handle: dlsym searches its dependencies too).
typedef csecret_GHashTable *(*csecret_g_hash_table_new_full_fn)(
    csecret_GHashFunc hash_func, csecret_GEqualFunc key_equal_func, csecret_GDestroyNotify key_destroy_func,
    csecret_GDestroyNotify value_destroy_func);
typedef csecret_gboolean (*csecret_g_hash_table_insert_fn)(csecret_GHashTable *hash_table, void *key, void *value);
typedef void (*csecret_g_hash_table_unref_fn)(csecret_GHashTable *hash_table);
typedef char *(*csecret_g_strdup_fn)(const char *str);
typedef void (*csecret_g_object_unref_fn)(void *object);
typedef void (*csecret_g_error_free_fn)(csecret_GError *error);
typedef csecret_GQuark (*csecret_quark_fn)(void);
// A `*_get_type` function: the GType (gsize) of a registered type.
typedef unsigned long (*csecret_get_type_fn)(void);

// libsecret.
typedef csecret_SecretSchema *(*csecret_secret_schema_newv_fn)(
    const char *name, csecret_SecretSchemaFlags flags, csecret_GHashTable *attribute_names_and_types);
typedef void (*csecret_secret_schema_unref_fn)(csecret_SecretSchema *schema);
typedef csecret_SecretValue *(*csecret_secret_value_new_fn)(const char *secret, long length, const char *content_type);
typedef const char *(*csecret_secret_value_get_fn)(csecret_SecretValue *value, unsigned long *length);
typedef void (*csecret_secret_value_unref_fn)(void *value);
typedef csecret_gboolean (*csecret_secret_password_storev_binary_sync_fn)(
    const csecret_SecretSchema *schema, csecret_GHashTable *attributes, const char *collection, const char *label,
    csecret_SecretValue *value, csecret_GCancellable *cancellable, csecret_GError **error);
typedef csecret_SecretValue *(*csecret_secret_password_lookupv_binary_sync_fn)(
    const csecret_SecretSchema *schema, csecret_GHashTable *attributes, csecret_GCancellable *cancellable,
    csecret_GError **error);
typedef csecret_gboolean (*csecret_secret_password_clearv_sync_fn)(
    const csecret_SecretSchema *schema, csecret_GHashTable *attributes, csecret_GCancellable *cancellable,
    csecret_GError **error);
typedef csecret_SecretService *(*csecret_secret_service_get_sync_fn)(
    csecret_SecretServiceFlags flags, csecret_GCancellable *cancellable, csecret_GError **error);
typedef csecret_SecretCollection *(*csecret_secret_collection_for_alias_sync_fn)(
    csecret_SecretService *service, const char *alias, csecret_SecretCollectionFlags flags,
    csecret_GCancellable *cancellable, csecret_GError **error);
typedef csecret_gboolean (*csecret_secret_collection_get_locked_fn)(csecret_SecretCollection *self);

// Constants (enum values of the headers named).
#define CSECRET_SCHEMA_NONE 0             // SECRET_SCHEMA_NONE (secret-schema.h)
#define CSECRET_SCHEMA_ATTRIBUTE_STRING 0 // SECRET_SCHEMA_ATTRIBUTE_STRING
#define CSECRET_SERVICE_NONE 0            // SECRET_SERVICE_NONE (secret-service.h)
#define CSECRET_COLLECTION_NONE 0         // SECRET_COLLECTION_NONE (secret-collection.h)
#define CSECRET_ERROR_IS_LOCKED 2         // SECRET_ERROR_IS_LOCKED (secret-types.h)
#define CSECRET_ERROR_NO_SUCH_OBJECT 3    // SECRET_ERROR_NO_SUCH_OBJECT
// GDBusError (gio/gioenums.h): nobody owns, or can start, the service's bus name.
#define CSECRET_DBUS_ERROR_SERVICE_UNKNOWN 2
#define CSECRET_DBUS_ERROR_NAME_HAS_NO_OWNER 3
#define CSECRET_DBUS_ERROR_NO_SERVER 11
#define CSECRET_DBUS_ERROR_DISCONNECTED 15
#define CSECRET_DBUS_ERROR_SPAWN_EXEC_FAILED 23
#define CSECRET_DBUS_ERROR_SPAWN_CHILD_EXITED 25
#define CSECRET_DBUS_ERROR_SPAWN_FAILED 27
#define CSECRET_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND 31
// GIOErrorEnum (gio/gioenums.h): opening the bus connection failed.
#define CSECRET_IO_ERROR_FAILED 0
#define CSECRET_IO_ERROR_NOT_FOUND 1
#define CSECRET_IO_ERROR_INVALID_ARGUMENT 13
#define CSECRET_IO_ERROR_PERMISSION_DENIED 14
#define CSECRET_IO_ERROR_CLOSED 18
#define CSECRET_IO_ERROR_CONNECTION_REFUSED 39
#define CSECRET_IO_ERROR_BROKEN_PIPE 44  // also G_IO_ERROR_CONNECTION_CLOSED

#endif
