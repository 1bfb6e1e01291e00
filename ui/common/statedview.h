#pragma once

#include <QStackedWidget>

class QLabel;
class QPushButton;

namespace qd::ui {

// A content widget with three stand-ins: loading, empty and error (with an optional retry
// button). Every card and list shows one of the four, never a blank area.
class StatedView : public QStackedWidget
{
    Q_OBJECT

public:
    enum class State { Loading, Empty, Error, Content };
    Q_ENUM(State)

    explicit StatedView(QWidget *content, QWidget *parent = nullptr);

    State state() const { return m_state; }
    QWidget *content() const { return m_content; }
    // The message shown for the state (empty: a default wording).
    QString message() const;

    void showLoading(const QString &message = {});
    void showEmpty(const QString &message);
    // `retry`: show a "Try again" button that emits retryRequested().
    void showError(const QString &message, bool retry = false);
    void showContent();

signals:
    void retryRequested();

private:
    void setState(State state, const QString &message, bool retry);

    QWidget *m_content;
    QWidget *m_placeholder;
    QLabel *m_label;
    QPushButton *m_retry;
    State m_state = State::Loading;
};

} // namespace qd::ui
