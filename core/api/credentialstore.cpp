#include "core/api/credentialstore.h"

#include "core/api/apilog.h"

#include <qt6keychain/keychain.h>

#include <QTimer>

namespace qd::core {

CredentialStore::CredentialStore(const QString &service, QObject *parent) : QObject(parent), m_service(service) {}

CredentialStore::~CredentialStore() = default;

QString CredentialStore::keyFor(const QString &profile)
{
    return QStringLiteral("refresh-token/") + profile;
}

void CredentialStore::store(const QString &profile, const QString &refreshToken)
{
    if (m_unavailable) {
        finishInMemory(Op::Store, profile, refreshToken);
        return;
    }
    // Jobs have no parent: the secret service answers asynchronously and holds on to the job
    // until then, so a job deleted with its store would be used after free when the answer
    // comes. Each deletes itself when finished; a store gone by then just is not told.
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setInsecureFallback(false); // a token must never end up in a plain file
    job->setKey(keyFor(profile));
    job->setTextData(refreshToken);
    connect(job, &QKeychain::Job::finished, this,
            [this, profile, refreshToken](QKeychain::Job *j) { onJobFinished(j, Op::Store, profile, refreshToken); });
    job->start();
}

void CredentialStore::load(const QString &profile)
{
    if (m_unavailable) {
        finishInMemory(Op::Load, profile, {});
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setInsecureFallback(false);
    job->setKey(keyFor(profile));
    connect(job, &QKeychain::Job::finished, this, [this, profile](QKeychain::Job *j) { onJobFinished(j, Op::Load, profile, {}); });
    job->start();
}

void CredentialStore::remove(const QString &profile)
{
    if (m_unavailable) {
        finishInMemory(Op::Remove, profile, {});
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setInsecureFallback(false);
    job->setKey(keyFor(profile));
    connect(job, &QKeychain::Job::finished, this, [this, profile](QKeychain::Job *j) { onJobFinished(j, Op::Remove, profile, {}); });
    job->start();
}

bool CredentialStore::isUnavailableError(int error) const
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented || error == QKeychain::OtherError;
}

void CredentialStore::onJobFinished(QKeychain::Job *job, Op op, const QString &profile, const QString &token)
{
    const QKeychain::Error error = job->error();
    if (error == QKeychain::NoError) {
        switch (op) {
        case Op::Store: emit stored(profile, true); break;
        case Op::Load: emit loaded(profile, static_cast<QKeychain::ReadPasswordJob *>(job)->textData()); break;
        case Op::Remove: emit removed(profile); break;
        }
        return;
    }
    if (error == QKeychain::EntryNotFound && op != Op::Store) {
        if (op == Op::Load)
            emit loaded(profile, {});
        else
            emit removed(profile);
        return;
    }
    if (isUnavailableError(error)) {
        markUnavailable(job->errorString());
        finishInMemory(op, profile, token);
        return;
    }
    qCWarning(lcApi).noquote() << "keychain refused" << profile << ":" << job->errorString();
    emit failed(profile, tr("The system keychain refused access: %1").arg(job->errorString()));
}

void CredentialStore::markUnavailable(const QString &reason)
{
    if (m_unavailable)
        return;
    m_unavailable = true;
    m_reason = reason;
    qCWarning(lcApi).noquote() << "no keychain available, keeping credentials for this session only:" << reason;
    emit keychainUnavailable(tr("No system keychain is available (%1). You stay signed in until Quarterdeck "
                                "closes, and will have to sign in again next time.")
                                 .arg(reason));
}

void CredentialStore::finishInMemory(Op op, const QString &profile, const QString &token)
{
    // Answer from the event loop, like a keychain job would, so callers see one behaviour.
    QTimer::singleShot(0, this, [this, op, profile, token] {
        switch (op) {
        case Op::Store:
            m_memory.insert(profile, token);
            emit stored(profile, false);
            break;
        case Op::Load: emit loaded(profile, m_memory.value(profile)); break;
        case Op::Remove:
            m_memory.remove(profile);
            emit removed(profile);
            break;
        }
    });
}

} // namespace qd::core
