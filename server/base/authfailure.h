#pragma once

#include <QString>

namespace qd::server {

// Why a credential was refused. The HTTP front answers 401 with the problem type
// urn:quarterdeck:problem:<slug> and the detail; an internal failure is a 500.
struct AuthFailure
{
    QString slug;
    QString detail;
    bool internal = false;

    static AuthFailure refused(QString slug, QString detail) { return {std::move(slug), std::move(detail), false}; }
    static AuthFailure internalError() { return {{}, {}, true}; }
};

} // namespace qd::server
