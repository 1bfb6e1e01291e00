#include "server/services/auth/passwordpolicy.h"

#include <QFile>
#include <QSet>

namespace qd::server {

namespace {

const QSet<QString> &commonPasswords()
{
    static const QSet<QString> set = [] {
        QSet<QString> s;
        QFile f(QStringLiteral(":/security/common-passwords.txt"));
        if (f.open(QIODevice::ReadOnly)) {
            while (!f.atEnd()) {
                const QString line = QString::fromUtf8(f.readLine()).trimmed();
                if (!line.isEmpty() && !line.startsWith(QLatin1String("#!comment")))
                    s.insert(line.toLower());
            }
        }
        return s;
    }();
    return set;
}

bool isSequence(const QString &p)
{
    if (p.size() < 3)
        return false;
    int step = p.at(1).unicode() - p.at(0).unicode();
    if (step != 1 && step != -1)
        return false;
    for (qsizetype i = 2; i < p.size(); ++i) {
        if (p.at(i).unicode() - p.at(i - 1).unicode() != step)
            return false;
    }
    return true;
}

QString stripDecoration(const QString &p)
{
    qsizetype end = p.size();
    while (end > 0 && !p.at(end - 1).isLetter())
        --end;
    qsizetype start = 0;
    while (start < end && !p.at(start).isLetter())
        ++start;
    return p.mid(start, end - start);
}

} // namespace

bool PasswordPolicy::isCommon(const QString &password)
{
    const QString lower = password.toLower();
    if (commonPasswords().contains(lower))
        return true;
    const QString core = stripDecoration(lower);
    return core.size() >= 4 && core != lower && commonPasswords().contains(core);
}

qsizetype PasswordPolicy::commonListSize()
{
    return commonPasswords().size();
}

std::optional<QString> PasswordPolicy::check(const QString &password, const QString &email)
{
    if (password.size() < minLength)
        return QStringLiteral("must be at least %1 characters").arg(minLength);
    if (password.size() > maxLength)
        return QStringLiteral("must be at most %1 characters").arg(maxLength);
    if (password.count(password.at(0)) == password.size() || isSequence(password))
        return QStringLiteral("is too easy to guess: avoid repeated characters and sequences");
    if (isCommon(password))
        return QStringLiteral("is too common: it appears in lists of breached passwords");
    const QString local = email.section(QLatin1Char('@'), 0, 0).toLower();
    if (local.size() >= 3 && password.toLower().contains(local))
        return QStringLiteral("must not contain your e-mail address");
    return std::nullopt;
}

} // namespace qd::server
