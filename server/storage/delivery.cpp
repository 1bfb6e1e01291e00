#include "server/storage/delivery.h"

#include "core/domain/enumnames.h"
#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"

namespace qd::server {

namespace {

constexpr NameTable<Delivery::State, 5> stateNames{{
    {Delivery::State::Pending, "pending"},
    {Delivery::State::Sending, "sending"},
    {Delivery::State::Sent, "sent"},
    {Delivery::State::Failed, "failed"},
    {Delivery::State::Digested, "digested"},
}};

} // namespace

QString deliveryStateName(Delivery::State state)
{
    return nameOf(stateNames, state);
}

std::optional<Delivery::State> deliveryStateFromName(const QString &name)
{
    return valueOf(stateNames, name);
}

QStringList deliveryStateNames()
{
    return namesOf(stateNames);
}

QJsonObject Delivery::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("channel_id"), textOrNull(channelId)},
        {QStringLiteral("channel"), textOrNull(channelName)},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("recipient"), textOrNull(recipient)},
        {QStringLiteral("digest"), isDigest},
        {QStringLiteral("digest_id"), textOrNull(digestId)},
        {QStringLiteral("subject"), subject},
        {QStringLiteral("state"), deliveryStateName(state)},
        {QStringLiteral("attempts"), attempts},
        {QStringLiteral("last_error"), textOrNull(lastError)},
        {QStringLiteral("created_at"), toJsonTime(createdAt)},
        {QStringLiteral("next_attempt_at"), state == State::Pending ? toJsonTime(nextAttemptAt) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("sent_at"), toJsonTime(sentAt)},
    };
}

} // namespace qd::server
