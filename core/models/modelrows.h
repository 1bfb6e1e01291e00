#pragma once

#include <QList>

#include <algorithm>
#include <utility>

namespace qd::core {

// Rows to remove, as contiguous [first, last] ranges from the bottom up, so that removing
// one range does not shift the rows of the ranges still to come and each range is one
// rowsRemoved signal.
inline QList<std::pair<int, int>> rowRangesBottomUp(QList<int> rows)
{
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<std::pair<int, int>> ranges;
    for (int row : std::as_const(rows)) {
        if (!ranges.isEmpty() && ranges.last().first == row + 1)
            ranges.last().first = row;
        else
            ranges.append({row, row});
    }
    return ranges;
}

} // namespace qd::core
