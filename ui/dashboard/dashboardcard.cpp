#include "ui/dashboard/dashboardcard.h"

#include "ui/common/statedview.h"

#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QVBoxLayout>

namespace qd::ui {

DashboardCard::DashboardCard(const QString &key, const QString &title, QWidget *parent)
    : QFrame(parent), m_value(new QLabel(this)), m_caption(new QLabel(this)), m_content(new QWidget(this)),
      m_contentLayout(new QVBoxLayout(m_content)), m_state(new StatedView(m_content, this))
{
    setObjectName(QStringLiteral("card.") + key);
    setAccessibleName(title);
    setFrameShape(QFrame::StyledPanel);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Open the matching list"));
    setStyleSheet(QStringLiteral("qd--ui--DashboardCard { border-radius: 6px; }"
                                 " qd--ui--DashboardCard:focus { border: 2px solid palette(highlight); }"));

    auto *heading = new QLabel(title, this);
    QFont f = heading->font();
    f.setBold(true);
    heading->setFont(f);
    m_value->setObjectName(objectName() + QStringLiteral(".value"));
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    big.setBold(true);
    m_value->setFont(big);
    m_caption->setObjectName(objectName() + QStringLiteral(".caption"));
    m_caption->setWordWrap(true);
    m_caption->setForegroundRole(QPalette::PlaceholderText);

    m_contentLayout->setContentsMargins(0, 0, 0, 0);
    m_contentLayout->addWidget(m_value);
    m_contentLayout->addWidget(m_caption);
    m_contentLayout->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_state, 1);
    setMinimumSize(260, 230);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void DashboardCard::setBody(QWidget *body)
{
    body->setParent(m_content);
    // Before the stretch that keeps the figures at the top.
    m_contentLayout->insertWidget(m_contentLayout->count() - 1, body);
}

void DashboardCard::setValue(const QString &value, const QString &caption)
{
    m_value->setText(value);
    m_caption->setText(caption);
    m_caption->setVisible(!caption.isEmpty());
    setAccessibleDescription(caption.isEmpty() ? value : value + QStringLiteral(", ") + caption);
    m_state->showContent();
}

QString DashboardCard::value() const
{
    return m_value->text();
}

QString DashboardCard::caption() const
{
    return m_caption->text();
}

void DashboardCard::showLoading()
{
    m_state->showLoading();
}

void DashboardCard::showEmpty(const QString &message)
{
    m_state->showEmpty(message);
}

void DashboardCard::showError(const QString &message)
{
    m_state->showError(message);
}

bool DashboardCard::hasContent() const
{
    return m_state->state() == StatedView::State::Content;
}

void DashboardCard::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        emit activated();
    QFrame::mouseReleaseEvent(event);
}

void DashboardCard::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space) {
        emit activated();
        return;
    }
    QFrame::keyPressEvent(event);
}

} // namespace qd::ui
