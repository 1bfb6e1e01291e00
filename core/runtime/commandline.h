#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace qd::cli {

// Exit codes of every Quarterdeck program (docs/CLI.md).
enum Exit { Ok = 0, RuntimeFailure = 1, BadUsage = 2 };

// Installs the translation <base>_<locale>.qm embedded under :/i18n, when there is one for the
// user's locale (owned by the application object).
void installTranslation(const QString &base);

// Prints "<program>: <message>" as one line on stderr and returns `code`.
int fail(int code, const QString &message);

// The option's value as a whole number in [min, max]; otherwise std::nullopt and a sentence in
// `error` naming the option and the range.
std::optional<qint64> wholeNumber(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 min, qint64 max,
                                  QString *error);

} // namespace qd::cli
