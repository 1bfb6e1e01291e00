#include "core/api/apilog.h"

Q_LOGGING_CATEGORY(lcApi, "qd.api")
