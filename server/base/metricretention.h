#pragma once

namespace qd::server {

// How long metric samples are kept, per resolution (serve --retention-*-days).
struct MetricRetention
{
    int rawDays = 7;
    int fiveMinuteDays = 30;
    int hourDays = 400;
};

} // namespace qd::server
