#include "ui/shell/searchdialog.h"

#include "core/models/searchresultmodel.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTimer>
#include <QVBoxLayout>

namespace qd::ui {

SearchDialog::SearchDialog(core::SearchIndex &index, QWidget *parent)
    : QDialog(parent), m_results(new core::SearchResultModel(index, this)), m_field(new QLineEdit(this)),
      m_list(new QListView(this)), m_debounce(new QTimer(this))
{
    setWindowTitle(tr("Search"));
    setObjectName(QStringLiteral("searchDialog"));
    m_field->setPlaceholderText(tr("Search devices, customers and alerts…"));
    m_field->setAccessibleName(tr("Search"));
    m_field->setClearButtonEnabled(true);
    m_field->installEventFilter(this);
    m_list->setModel(m_results);
    m_list->setAccessibleName(tr("Search results"));
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *hint = new QLabel(tr("↑↓ to move, Enter to open, Esc to close"), this);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_field);
    layout->addWidget(m_list, 1);
    layout->addWidget(hint);
    resize(560, 420);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(120);
    connect(m_field, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &SearchDialog::runQuery);
    connect(m_list, &QListView::activated, this, &SearchDialog::activate);
}

void SearchDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    m_field->selectAll();
    m_field->setFocus();
}

bool SearchDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const int rows = m_results->rowCount();
        const int row = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
        if (key->key() == Qt::Key_Down && rows > 0) {
            m_list->setCurrentIndex(m_results->index(std::min(rows - 1, row + 1)));
            return true;
        }
        if (key->key() == Qt::Key_Up && rows > 0) {
            m_list->setCurrentIndex(m_results->index(std::max(0, row - 1)));
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (m_debounce->isActive()) {
                m_debounce->stop();
                runQuery();
            }
            activate(m_list->currentIndex().isValid() ? m_list->currentIndex() : m_results->index(0));
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void SearchDialog::runQuery()
{
    if (!m_results->setQuery(m_field->text()))
        m_field->setToolTip(m_results->error());
    if (m_results->rowCount() > 0)
        m_list->setCurrentIndex(m_results->index(0));
}

void SearchDialog::activate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const auto &hit = m_results->hit(index.row());
    emit hitActivated(hit.kind, hit.id);
    accept();
}

} // namespace qd::ui
