// Compiled (never run) by test_secret_service_loading.py: Sources/CSecret/shim.h declares by hand
// the libsecret/GLib interface that vault finds with dlsym; this file holds it against the real
// headers. A mismatch is a compile error naming the declaration.
#include <libsecret/secret.h>
#define CSECRET_CHECK_AGAINST_HEADERS 1
#include "shim.h"

#define SAME_TYPE(ours, function) \
    _Static_assert(__builtin_types_compatible_p(ours, __typeof__(&function)), #function " differs from " #ours)
#define SAME_VALUE(ours, theirs) _Static_assert((ours) == (theirs), #ours " != " #theirs)

SAME_TYPE(csecret_g_hash_table_new_full_fn, g_hash_table_new_full);
SAME_TYPE(csecret_g_hash_table_insert_fn, g_hash_table_insert);
SAME_TYPE(csecret_g_hash_table_unref_fn, g_hash_table_unref);
SAME_TYPE(csecret_g_strdup_fn, g_strdup);
SAME_TYPE(csecret_GDestroyNotify, g_free);
SAME_TYPE(csecret_GHashFunc, g_str_hash);
SAME_TYPE(csecret_GEqualFunc, g_str_equal);
SAME_TYPE(csecret_g_object_unref_fn, g_object_unref);
SAME_TYPE(csecret_g_error_free_fn, g_error_free);
// G_GNUC_CONST makes GCC see a differently qualified function type; assignment checks the signature.
static const csecret_quark_fn secret_error_quark_check = secret_error_get_quark;
SAME_TYPE(csecret_quark_fn, g_dbus_error_quark);
SAME_TYPE(csecret_quark_fn, g_io_error_quark);
static const csecret_get_type_fn schema_attribute_type_check = secret_schema_attribute_type_get_type;
SAME_TYPE(csecret_secret_schema_newv_fn, secret_schema_newv);
SAME_TYPE(csecret_secret_schema_unref_fn, secret_schema_unref);
SAME_TYPE(csecret_secret_value_new_fn, secret_value_new);
SAME_TYPE(csecret_secret_value_get_fn, secret_value_get);
SAME_TYPE(csecret_secret_value_unref_fn, secret_value_unref);
SAME_TYPE(csecret_secret_password_storev_binary_sync_fn, secret_password_storev_binary_sync);
SAME_TYPE(csecret_secret_password_lookupv_binary_sync_fn, secret_password_lookupv_binary_sync);
SAME_TYPE(csecret_secret_password_clearv_sync_fn, secret_password_clearv_sync);
SAME_TYPE(csecret_secret_service_get_sync_fn, secret_service_get_sync);
SAME_TYPE(csecret_secret_collection_for_alias_sync_fn, secret_collection_for_alias_sync);
SAME_TYPE(csecret_secret_collection_get_locked_fn, secret_collection_get_locked);

// The layout the shim gives GError when the real header is absent.
_Static_assert(sizeof(GError) == sizeof(struct { unsigned d; int c; char *m; }), "GError size");
_Static_assert(offsetof(GError, domain) == 0 && offsetof(GError, code) == 4 && offsetof(GError, message) == 8,
               "GError layout");
_Static_assert(sizeof(SecretSchemaFlags) == sizeof(unsigned int) && sizeof(SecretServiceFlags) == sizeof(unsigned int)
                   && sizeof(SecretCollectionFlags) == sizeof(unsigned int),
               "flag enums are unsigned int");
_Static_assert(__builtin_types_compatible_p(GQuark, uint32_t) && __builtin_types_compatible_p(gboolean, int)
                   && __builtin_types_compatible_p(gssize, long) && __builtin_types_compatible_p(gsize, unsigned long),
               "basic types");

SAME_VALUE(CSECRET_SCHEMA_NONE, SECRET_SCHEMA_NONE);
SAME_VALUE(CSECRET_SCHEMA_ATTRIBUTE_STRING, SECRET_SCHEMA_ATTRIBUTE_STRING);
SAME_VALUE(CSECRET_SERVICE_NONE, SECRET_SERVICE_NONE);
SAME_VALUE(CSECRET_COLLECTION_NONE, SECRET_COLLECTION_NONE);
SAME_VALUE(CSECRET_ERROR_IS_LOCKED, SECRET_ERROR_IS_LOCKED);
SAME_VALUE(CSECRET_ERROR_NO_SUCH_OBJECT, SECRET_ERROR_NO_SUCH_OBJECT);
SAME_VALUE(CSECRET_DBUS_ERROR_SERVICE_UNKNOWN, G_DBUS_ERROR_SERVICE_UNKNOWN);
SAME_VALUE(CSECRET_DBUS_ERROR_NAME_HAS_NO_OWNER, G_DBUS_ERROR_NAME_HAS_NO_OWNER);
SAME_VALUE(CSECRET_DBUS_ERROR_NO_SERVER, G_DBUS_ERROR_NO_SERVER);
SAME_VALUE(CSECRET_DBUS_ERROR_DISCONNECTED, G_DBUS_ERROR_DISCONNECTED);
SAME_VALUE(CSECRET_DBUS_ERROR_SPAWN_EXEC_FAILED, G_DBUS_ERROR_SPAWN_EXEC_FAILED);
SAME_VALUE(CSECRET_DBUS_ERROR_SPAWN_CHILD_EXITED, G_DBUS_ERROR_SPAWN_CHILD_EXITED);
SAME_VALUE(CSECRET_DBUS_ERROR_SPAWN_FAILED, G_DBUS_ERROR_SPAWN_FAILED);
SAME_VALUE(CSECRET_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND);
SAME_VALUE(CSECRET_IO_ERROR_FAILED, G_IO_ERROR_FAILED);
SAME_VALUE(CSECRET_IO_ERROR_NOT_FOUND, G_IO_ERROR_NOT_FOUND);
SAME_VALUE(CSECRET_IO_ERROR_INVALID_ARGUMENT, G_IO_ERROR_INVALID_ARGUMENT);
SAME_VALUE(CSECRET_IO_ERROR_PERMISSION_DENIED, G_IO_ERROR_PERMISSION_DENIED);
SAME_VALUE(CSECRET_IO_ERROR_CLOSED, G_IO_ERROR_CLOSED);
SAME_VALUE(CSECRET_IO_ERROR_CONNECTION_REFUSED, G_IO_ERROR_CONNECTION_REFUSED);
SAME_VALUE(CSECRET_IO_ERROR_BROKEN_PIPE, G_IO_ERROR_BROKEN_PIPE);
SAME_VALUE(CSECRET_IO_ERROR_BROKEN_PIPE, G_IO_ERROR_CONNECTION_CLOSED);
