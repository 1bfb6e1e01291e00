#pragma once

#include <QString>

#include <optional>

namespace qd::server {

// What makes a password acceptable: length bounds, not on the list of commonly breached
// passwords shipped in resources (also after stripping trailing digits and symbols), not the
// account's own e-mail, not a single repeated character or an obvious sequence.
class PasswordPolicy
{
public:
    static constexpr int minLength = 10;
    static constexpr int maxLength = 256;

    // std::nullopt when acceptable, else why not (a sentence for the API's 422 answer).
    static std::optional<QString> check(const QString &password, const QString &email = {});
    static bool isCommon(const QString &password);
    static qsizetype commonListSize();
};

} // namespace qd::server
