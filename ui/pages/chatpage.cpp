#include "chatpage.h"

#include "inference/chatsession.h"
#include "project/project.h"
#include "projectcontroller.h"
#include "storage/database.h"
#include "widgets/chatsettingspanel.h"
#include "widgets/chattranscript.h"
#include "widgets/messagebanner.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFileInfo>
#include <QLineEdit>
#include <QLocale>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace Atelier {

ChatPage::ChatPage(ProjectController* controller, QWidget* parent)
    : QWidget(parent), mController(controller), mSession(new ChatSession(this)), mSessionB(new ChatSession(this)) {
  setObjectName(QStringLiteral("chatPage"));
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("<h2>Chat</h2><p>Talk to the base model or to what your fine-tuning made of it. "
                              "Mark good and bad answers, or write the answer you wanted: it is saved to the "
                              "<i>feedback</i> dataset, so the next fine-tune learns from it.</p>"));
  title->setWordWrap(true);
  layout->addWidget(title);
  mBanner = new MessageBanner;
  layout->addWidget(mBanner);

  auto* splitter = new QSplitter;
  layout->addWidget(splitter, 1);

  // Left: the chats of the project.
  auto* list = new QWidget;
  auto* listLayout = new QVBoxLayout(list);
  listLayout->setContentsMargins(0, 0, 0, 0);
  auto* add = new QPushButton(tr("&New chat"));
  add->setToolTip(tr("Start a new conversation (Ctrl+N)."));
  mChats = new QListWidget;
  mChats->setObjectName(QStringLiteral("chatList"));
  mRename = new QPushButton(tr("Rename…"));
  mDelete = new QPushButton(tr("Delete"));
  mUndo = new QPushButton(tr("Undo delete"));
  mUndo->hide();
  listLayout->addWidget(add);
  listLayout->addWidget(mChats, 1);
  listLayout->addWidget(mRename);
  listLayout->addWidget(mDelete);
  listLayout->addWidget(mUndo);
  splitter->addWidget(list);

  // Middle: the conversation (and the second configuration beside it).
  auto* middle = new QWidget;
  auto* middleLayout = new QVBoxLayout(middle);
  middleLayout->setContentsMargins(0, 0, 0, 0);
  auto* columns = new QSplitter;
  mTranscript = new ChatTranscript;
  mTranscript->setObjectName(QStringLiteral("transcript"));
  columns->addWidget(mTranscript);
  mColumnB = new QWidget;
  auto* columnB = new QVBoxLayout(mColumnB);
  columnB->setContentsMargins(0, 0, 0, 0);
  mPickerB = new ModelAdapterPicker;
  mPickerB->setToolTip(tr("The second configuration: the same prompts go to it, answered in this column."));
  mTranscriptB = new ChatTranscript;
  mTranscriptB->setObjectName(QStringLiteral("transcriptB"));
  columnB->addWidget(mPickerB);
  columnB->addWidget(mTranscriptB, 1);
  columns->addWidget(mColumnB);
  mColumnB->hide();
  middleLayout->addWidget(columns, 1);
  mInput = new QPlainTextEdit;
  mInput->setObjectName(QStringLiteral("chatInput"));
  mInput->setPlaceholderText(tr("Write a message. Ctrl+Enter sends, Esc stops the answer."));
  mInput->setMaximumHeight(100);
  middleLayout->addWidget(mInput);
  auto* buttons = new QHBoxLayout;
  mCompare = new QCheckBox(tr("Compare side by side"));
  mCompare->setToolTip(tr("Send each message to a second model or fine-tuning too, and see both answers "
                          "next to each other."));
  mStatus = new QLabel;
  mStatus->setObjectName(QStringLiteral("chatStatus"));
  mStop = new QPushButton(tr("Stop"));
  mStop->setToolTip(tr("Stop the answer where it is (Esc)."));
  mSend = new QPushButton(tr("Send"));
  mSend->setToolTip(tr("Send the message (Ctrl+Enter)."));
  buttons->addWidget(mCompare);
  buttons->addWidget(mStatus, 1);
  buttons->addWidget(mStop);
  buttons->addWidget(mSend);
  middleLayout->addLayout(buttons);
  splitter->addWidget(middle);

  // Right: what the chat talks to and how.
  mSettings = new ChatSettingsPanel;
  splitter->addWidget(mSettings);
  splitter->setStretchFactor(1, 1);

  connect(add, &QPushButton::clicked, this, &ChatPage::newChat);
  connect(mRename, &QPushButton::clicked, this, &ChatPage::renameChat);
  connect(mDelete, &QPushButton::clicked, this, [this] { deleteChat(true); });
  connect(mUndo, &QPushButton::clicked, this, &ChatPage::undoDelete);
  connect(mChats, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) openChat(mChats->item(row)->data(Qt::UserRole).toLongLong());
  });
  connect(mSettings, &ChatSettingsPanel::changed, this, &ChatPage::saveSettings);
  connect(mCompare, &QCheckBox::toggled, this, &ChatPage::setCompare);
  connect(mSend, &QPushButton::clicked, this, [this] {
    if (send(mInput->toPlainText())) mInput->clear();
  });
  connect(mStop, &QPushButton::clicked, this, &ChatPage::stop);
  connect(mTranscript, &ChatTranscript::actionRequested, this, [this](const QString& action, int index) {
    if (index < 0 || index >= mMessages.size()) return;
    if (action == QLatin1String("regenerate")) regenerate(index);
    else if (action == QLatin1String("up") || action == QLatin1String("down"))
      setFeedback(index, mMessages[index].feedback == action ? QStringLiteral("none") : action,
                  mMessages[index].betterAnswer);
    else if (action == QLatin1String("better")) askBetterAnswer(index);
    else if (action == QLatin1String("edit")) {
      bool ok = false;
      const QString text = QInputDialog::getMultiLineText(
          this, tr("Edit message"), tr("The answers after this message are replaced by new ones:"),
          mMessages[index].content, &ok);
      if (ok && !text.trimmed().isEmpty()) editAndResend(index, text);
    }
  });
  for (const auto& key : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
    auto* s = new QShortcut(key, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(s, &QShortcut::activated, mSend, &QPushButton::click);
  }
  auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
  connect(esc, &QShortcut::activated, this, &ChatPage::stop);

  for (int side = 0; side < 2; ++side) {
    ChatSession* s = side == 0 ? mSession : mSessionB;
    ChatTranscript* t = side == 0 ? mTranscript : mTranscriptB;
    connect(s, &ChatSession::textArrived, t, [t](const QString& text, bool replace) {
      if (replace) t->replaceStreaming(text);
      else t->appendStreaming(text);
    });
    connect(s, &ChatSession::loadingModel, this, [this](const QString& folder) {
      mStatus->setText(tr("Loading %1…").arg(QFileInfo(folder).fileName()));
    });
    connect(s, &ChatSession::finished, this,
            [this, side](const QString& text, double tps, int, const QString& reason) {
              onAnswerDone(side, text, tps, reason, QString());
            });
    connect(s, &ChatSession::failed, this, [this, side](const QString& error) {
      onAnswerDone(side, QString(), 0, QString(), error);
    });
    if (side == 0)
      connect(s, &ChatSession::bestOfPicked, this, [this](int best, const QVector<double>& scores) {
        QStringList all;
        for (double v : scores) all << QString::number(v, 'f', 2);
        mBestOfNote = tr("answer %1 of %2 chosen by the reward model (scores %3)")
                          .arg(best + 1).arg(scores.size()).arg(all.join(QStringLiteral(", ")));
      });
  }
  if (mController) {
    connect(mController, &ProjectController::projectOpened, this, [this] { setProject(mController->project()); });
    connect(mController, &ProjectController::projectClosed, this, [this] { setProject(nullptr); });
  }
  setProject(nullptr);
}

ChatPage::~ChatPage() = default;

void ChatPage::setProject(std::shared_ptr<Project> project) {
  stop();
  mProject = std::move(project);
  mDb = mProject ? &mProject->database() : nullptr;
  mChatId = 0;
  mMessages.clear();
  mMessagesB.clear();
  mDeleted.reset();
  mUndo->hide();
  mSettings->setDatabase(mDb);
  mPickerB->reload(mDb);
  setEnabled(mDb != nullptr);
  reloadChats();
  showMessages();
}

void ChatPage::reloadChats() {
  const QSignalBlocker block(mChats);
  mChats->clear();
  if (!mDb) return;
  for (const ChatInfo& c : ChatRepository(*mDb).list()) {
    auto* item = new QListWidgetItem(c.title, mChats);
    item->setData(Qt::UserRole, c.id);
    item->setToolTip(tr("Started %1").arg(QLocale().toString(c.createdAt.toLocalTime(), QLocale::ShortFormat)));
    if (c.id == mChatId) mChats->setCurrentItem(item);
  }
  updateButtons();
}

void ChatPage::newChat() {
  if (!mDb) return;
  stop();
  ChatInfo c;
  c.title = tr("Chat %1").arg(QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat));
  // A new chat starts with the settings in use: most people keep their model.
  c.modelDir = mSettings->picker()->modelDir();
  c.adapterDir = mSettings->picker()->adapterDir();
  c.systemPrompt = mSettings->systemPrompt();
  c.sampling = mSettings->sampling();
  QString error;
  const qint64 id = ChatRepository(*mDb).create(c, &error);
  if (id == 0) {
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not create the chat: %1").arg(error));
    return;
  }
  mChatId = id;
  reloadChats();
  openChat(id);
  mInput->setFocus();
}

void ChatPage::openChat(qint64 chatId) {
  if (!mDb) return;
  ChatInfo c;
  if (!ChatRepository(*mDb).find(chatId, &c)) return;
  if (chatId != mChatId) stop();
  mChatId = chatId;
  mLoading = true;
  mSettings->picker()->setChoice(c.modelDir, c.adapterDir);
  mSettings->setSystemPrompt(c.systemPrompt);
  if (!c.sampling.isEmpty()) mSettings->setSampling(c.sampling);
  mLoading = false;
  mMessages = ChatRepository(*mDb).messages(chatId);
  mMessagesB = mMessages;
  showMessages();
  mTranscriptB->setMessages({}, false);
  updateButtons();
}

void ChatPage::renameChat() {
  if (!mDb || mChatId == 0) return;
  ChatInfo c;
  if (!ChatRepository(*mDb).find(mChatId, &c)) return;
  bool ok = false;
  const QString title = QInputDialog::getText(this, tr("Rename chat"), tr("Name:"), QLineEdit::Normal, c.title, &ok);
  if (!ok || title.trimmed().isEmpty()) return;
  c.title = title.trimmed();
  QString error;
  if (!ChatRepository(*mDb).update(c, &error))
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not rename the chat: %1").arg(error));
  reloadChats();
}

void ChatPage::deleteChat(bool askFirst) {
  if (!mDb || mChatId == 0) return;
  ChatRepository repo(*mDb);
  auto gone = std::make_unique<Deleted>();
  if (!repo.find(mChatId, &gone->chat)) return;
  if (askFirst && QMessageBox::question(this, tr("Delete chat"),
                                        tr("Delete \"%1\" and its messages? Feedback already given stays in the "
                                           "feedback dataset.").arg(gone->chat.title)) != QMessageBox::Yes)
    return;
  stop();
  gone->messages = repo.messages(mChatId);
  QString error;
  if (!repo.remove(mChatId, &error)) {
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not delete the chat: %1").arg(error));
    return;
  }
  mDeleted = std::move(gone);
  mUndo->show();
  mChatId = 0;
  mMessages.clear();
  mMessagesB.clear();
  reloadChats();
  showMessages();
  mTranscriptB->setMessages({}, false);
}

void ChatPage::undoDelete() {
  if (!mDb || !mDeleted) return;
  ChatRepository repo(*mDb);
  QString error;
  const qint64 id = repo.create(mDeleted->chat, &error);
  for (const ChatMessageRecord& m : mDeleted->messages)
    if (id == 0 || repo.appendMessage(id, m, &error) == 0) break;
  if (!error.isEmpty())
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not bring the chat back: %1").arg(error));
  mDeleted.reset();
  mUndo->hide();
  mChatId = id;
  reloadChats();
  if (id) openChat(id);
}

void ChatPage::saveSettings() {
  if (mLoading || !mDb || mChatId == 0) return;
  ChatInfo c;
  ChatRepository repo(*mDb);
  if (!repo.find(mChatId, &c)) return;
  c.modelDir = mSettings->picker()->modelDir();
  c.adapterDir = mSettings->picker()->adapterDir();
  c.systemPrompt = mSettings->systemPrompt();
  c.sampling = mSettings->sampling();
  QString error;
  if (!repo.update(c, &error))
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not save the chat's settings: %1").arg(error));
}

void ChatPage::setCompare(bool on) {
  if (mCompare->isChecked() != on) mCompare->setChecked(on);
  mColumnB->setVisible(on);
  if (on) {
    mMessagesB = mMessages;
    QList<TranscriptMessage> shown;
    for (const auto& m : mMessagesB) shown.append({m.role, m.content, m.tokensPerSecond});
    mTranscriptB->setMessages(shown, false);
  }
}

void ChatPage::updateButtons() {
  const bool busy = isGenerating();
  mStop->setEnabled(busy);
  mSend->setEnabled(!busy);
  mRename->setEnabled(mChatId != 0);
  mDelete->setEnabled(mChatId != 0);
}

bool ChatPage::isGenerating() const { return mRunning > 0; }

bool ChatPage::event(QEvent* e) {
  // Runs may have finished since the project opened: offer their adapters.
  if (e->type() == QEvent::Show && mDb && !isGenerating()) {
    mSettings->reloadRuns();
    mPickerB->reload(mDb);
  }
  // Ctrl+N is "new project" in the window; on this page it starts a chat.
  if (e->type() == QEvent::ShortcutOverride) {
    auto* k = static_cast<QKeyEvent*>(e);
    if (k->key() == Qt::Key_N && k->modifiers() == Qt::ControlModifier) {
      e->accept();
      return true;
    }
  }
  return QWidget::event(e);
}

void ChatPage::keyPressEvent(QKeyEvent* e) {
  if (e->key() == Qt::Key_N && e->modifiers() == Qt::ControlModifier) {
    newChat();
    return;
  }
  QWidget::keyPressEvent(e);
}

}  // namespace Atelier
