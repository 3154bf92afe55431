#pragma once

#include "storage/chatrepository.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace Atelier {

class ChatSession;
class ChatSettingsPanel;
class ChatTranscript;
class Database;
class MessageBanner;
class ModelAdapterPicker;
class Project;
class ProjectController;
struct ChatRequest;

// The Chat step: talk to the base model or a fine-tuned one, compare two side
// by side, and turn judgements of answers into training data. Chats live in
// the project database; answers are generated on a worker thread and stream
// into the transcript in batches, so the window stays responsive.
class ChatPage : public QWidget {
  Q_OBJECT
 public:
  explicit ChatPage(ProjectController* controller, QWidget* parent = nullptr);
  ~ChatPage() override;

  // The project whose chats are shown (nullptr: none). Tests call it directly.
  void setProject(std::shared_ptr<Project> project);

  // The actions behind the buttons, for shortcuts and tests.
  void newChat();
  bool send(const QString& text);
  void stop();
  void regenerate(int messageIndex);
  void editAndResend(int messageIndex, const QString& text);
  void setFeedback(int messageIndex, const QString& feedback, const QString& betterAnswer);
  void deleteChat(bool askFirst);
  void undoDelete();

  // Token ids that end an answer instead of the model's end-of-text ids
  // (benchmarks and tests: a random model then writes to the longest answer).
  void setStopIds(const QList<int>& ids) { mStopIds = ids; }

  bool isGenerating() const;
  qint64 currentChatId() const { return mChatId; }
  QList<ChatMessageRecord> messages() const { return mMessages; }
  ChatSettingsPanel* settings() const { return mSettings; }
  ChatTranscript* transcript() const { return mTranscript; }
  ChatTranscript* transcriptB() const { return mTranscriptB; }
  ModelAdapterPicker* pickerB() const { return mPickerB; }
  void setCompare(bool on);
  ChatSession* session() const { return mSession; }
  ChatSession* sessionB() const { return mSessionB; }

 signals:
  // An answer ended (finished, stopped or failed); side = 0 (left) or 1 (right).
  void answerDone(int side);

 protected:
  bool event(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void reloadChats();
  void openChat(qint64 chatId);
  void renameChat();
  void saveSettings();
  void showMessages();
  void startAnswer();
  ChatRequest requestFor(const QString& modelDir, const QString& adapterDir, const QList<ChatMessageRecord>& history) const;
  void onAnswerDone(int side, const QString& text, double tokensPerSecond, const QString& stopReason,
                    const QString& error);
  void askBetterAnswer(int messageIndex);
  void updateButtons();

  ProjectController* mController;
  std::shared_ptr<Project> mProject;
  Database* mDb = nullptr;
  qint64 mChatId = 0;
  QList<ChatMessageRecord> mMessages;
  QList<ChatMessageRecord> mMessagesB;  // the right column's chat (not stored)
  bool mLoading = false;
  QList<int> mStopIds;  // filling widgets from a chat: no saving back

  MessageBanner* mBanner;
  QListWidget* mChats;
  QPushButton* mRename;
  QPushButton* mDelete;
  QPushButton* mUndo;
  ChatSettingsPanel* mSettings;
  ChatTranscript* mTranscript;
  ChatTranscript* mTranscriptB;
  QWidget* mColumnB;
  ModelAdapterPicker* mPickerB;
  QCheckBox* mCompare;
  QPlainTextEdit* mInput;
  QPushButton* mSend;
  QPushButton* mStop;
  QLabel* mStatus;
  QString mBestOfNote;  // which of the best-of-N answers won, for the status line
  ChatSession* mSession;
  ChatSession* mSessionB;
  int mRunning = 0;  // answers being generated

  struct Deleted {
    ChatInfo chat;
    QList<ChatMessageRecord> messages;
  };
  std::unique_ptr<Deleted> mDeleted;
};

}  // namespace Atelier
