#pragma once

#include <QFrame>

class QLabel;
class QVBoxLayout;

namespace qd::ui {

class StatedView;

// One dashboard card: a title, a big figure, a caption and an optional body (a chart or a
// list), with loading / empty / error stand-ins. The whole card is a button: a click, Enter or
// Space emits activated() (the view turns it into a filtered list).
class DashboardCard : public QFrame
{
    Q_OBJECT

public:
    DashboardCard(const QString &key, const QString &title, QWidget *parent = nullptr);

    // The body below the figure (owned by the card); at most one.
    void setBody(QWidget *body);

    void setValue(const QString &value, const QString &caption = {});
    QString value() const;
    QString caption() const;
    void showLoading();
    void showEmpty(const QString &message);
    void showError(const QString &message);
    bool hasContent() const;

signals:
    void activated();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QLabel *m_value;
    QLabel *m_caption;
    QWidget *m_content;
    QVBoxLayout *m_contentLayout;
    StatedView *m_state;
};

} // namespace qd::ui
