#include "agent/spool.h"

#include "agent/agentlog.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace qd::agent {

namespace {
constexpr const char *suffix = ".req";
} // namespace

Spool::Spool(QString directory, SpoolLimits limits) : m_dir(std::move(directory)), m_limits(limits) {}

QString Spool::pathFor(qint64 sequence) const
{
    return QDir(m_dir).filePath(QStringLiteral("%1%2").arg(sequence, 16, 10, QLatin1Char('0')).arg(QLatin1String(suffix)));
}

Status Spool::open()
{
    QDir dir(m_dir);
    if (!dir.exists()) {
        if (!QDir().mkpath(m_dir))
            return failure(QStringLiteral("cannot create the spool directory %1").arg(m_dir));
        QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    m_index.clear();
    m_bytes = 0;
    const QFileInfoList files = dir.entryInfoList({QStringLiteral("*") + QLatin1String(suffix)}, QDir::Files, QDir::Name);
    for (const QFileInfo &fi : files) {
        bool ok = false;
        const qint64 seq = fi.completeBaseName().toLongLong(&ok);
        if (!ok || seq <= 0)
            continue;
        m_index.insert(seq, fi.size());
        m_bytes += fi.size();
    }
    m_next = m_index.isEmpty() ? 1 : m_index.lastKey() + 1;
    // Leftovers of an interrupted QSaveFile are not entries.
    for (const QString &junk : dir.entryList({QStringLiteral("*.req.*")}, QDir::Files))
        dir.remove(junk);
    if (!m_index.isEmpty())
        qCInfo(lcSend) << m_index.size() << "spooled requests from an earlier run wait for delivery";
    while (count() > m_limits.maxFiles || m_bytes > m_limits.maxBytes)
        dropOldest();
    return success();
}

Status Spool::push(const QString &route, const QByteArray &body)
{
    const QByteArray data = route.toUtf8() + '\n' + body;
    if (data.size() > m_limits.maxBytes)
        return failure(QStringLiteral("a request of %1 bytes exceeds the spool's limit of %2 bytes").arg(data.size()).arg(m_limits.maxBytes));
    const qint64 seq = m_next++;
    QSaveFile f(pathFor(seq));
    if (!f.open(QIODevice::WriteOnly))
        return failure(QStringLiteral("cannot write to the spool %1: %2").arg(m_dir, f.errorString()));
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    f.write(data);
    if (!f.commit())
        return failure(QStringLiteral("cannot write to the spool %1: %2").arg(m_dir, f.errorString()));
    m_index.insert(seq, data.size());
    m_bytes += data.size();
    while (count() > m_limits.maxFiles || m_bytes > m_limits.maxBytes)
        dropOldest();
    return success();
}

void Spool::dropOldest()
{
    if (m_index.isEmpty())
        return;
    const qint64 seq = m_index.firstKey();
    remove(seq);
    ++m_dropped;
    qCWarning(lcSend).nospace() << "spool full (" << m_limits.maxFiles << " files or " << m_limits.maxBytes
                                << " bytes): dropped the oldest request #" << seq;
}

std::optional<SpoolEntry> Spool::oldest()
{
    while (!m_index.isEmpty()) {
        const qint64 seq = m_index.firstKey();
        QFile f(pathFor(seq));
        if (f.open(QIODevice::ReadOnly)) {
            const QByteArray data = f.readAll();
            const qsizetype nl = data.indexOf('\n');
            if (nl > 0)
                return SpoolEntry{seq, QString::fromUtf8(data.left(nl)), data.mid(nl + 1)};
        }
        qCWarning(lcSend) << "removing the unreadable spool file" << f.fileName();
        remove(seq);
    }
    return std::nullopt;
}

void Spool::remove(qint64 sequence)
{
    const auto it = m_index.find(sequence);
    if (it == m_index.end())
        return;
    m_bytes -= it.value();
    m_index.erase(it);
    QFile::remove(pathFor(sequence));
}

} // namespace qd::agent
