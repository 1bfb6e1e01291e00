#include "ui/common/statedview.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace qd::ui {

StatedView::StatedView(QWidget *content, QWidget *parent)
    : QStackedWidget(parent), m_content(content), m_placeholder(new QWidget(this)), m_label(new QLabel(m_placeholder)),
      m_retry(new QPushButton(tr("Try again"), m_placeholder))
{
    auto *layout = new QVBoxLayout(m_placeholder);
    layout->addStretch();
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    m_label->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_label);
    layout->addWidget(m_retry, 0, Qt::AlignHCenter);
    layout->addStretch();
    m_retry->setVisible(false);
    connect(m_retry, &QPushButton::clicked, this, &StatedView::retryRequested);
    addWidget(m_placeholder);
    addWidget(m_content);
    showLoading();
}

QString StatedView::message() const
{
    return m_state == State::Content ? QString() : m_label->text();
}

void StatedView::showLoading(const QString &message)
{
    setState(State::Loading, message.isEmpty() ? tr("Loading…") : message, false);
}

void StatedView::showEmpty(const QString &message)
{
    setState(State::Empty, message, false);
}

void StatedView::showError(const QString &message, bool retry)
{
    setState(State::Error, message, retry);
}

void StatedView::showContent()
{
    m_state = State::Content;
    setCurrentWidget(m_content);
}

void StatedView::setState(State state, const QString &message, bool retry)
{
    m_state = state;
    m_label->setText(message);
    m_label->setAccessibleName(message);
    m_retry->setVisible(retry);
    setCurrentWidget(m_placeholder);
}

} // namespace qd::ui
