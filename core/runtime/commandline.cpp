#include "core/runtime/commandline.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

namespace qd::cli {

void installTranslation(const QString &base)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (translator->load(QLocale(), base, QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(translator);
    else
        delete translator;
}

int fail(int code, const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", qUtf8Printable(QCoreApplication::applicationName()), qUtf8Printable(message));
    return code;
}

std::optional<qint64> wholeNumber(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 min, qint64 max,
                                  QString *error)
{
    bool ok = false;
    const qint64 v = parser.value(option).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        *error = QCoreApplication::translate("CommandLine", "--%1 must be a whole number from %2 to %3")
                     .arg(option.names().constFirst(), QString::number(min), QString::number(max));
        return std::nullopt;
    }
    return v;
}

} // namespace qd::cli
