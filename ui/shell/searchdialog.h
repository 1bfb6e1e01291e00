#pragma once

#include "core/cache/cachechanges.h"

#include <QDialog>

class QLineEdit;
class QListView;
class QTimer;

namespace qd::core {
class SearchIndex;
class SearchResultModel;
} // namespace qd::core

namespace qd::ui {

// Ctrl+K: one field that finds devices, customers and alerts in the cache's full-text index as
// the user types; Up/Down move through the hits, Enter opens one.
class SearchDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SearchDialog(core::SearchIndex &index, QWidget *parent = nullptr);

    QLineEdit *field() const { return m_field; }
    core::SearchResultModel *results() const { return m_results; }

signals:
    void hitActivated(qd::core::CacheEntity kind, const QString &id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void runQuery();
    void activate(const QModelIndex &index);

    core::SearchResultModel *m_results;
    QLineEdit *m_field;
    QListView *m_list;
    QTimer *m_debounce;
};

} // namespace qd::ui
