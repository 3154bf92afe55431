// The Chat page's conversation: sending, streaming answers, regenerating,
// editing, and feedback that becomes training data.
#include "chatpage.h"

#include "inference/chatsession.h"
#include "storage/chatrepository.h"
#include "storage/feedbackrepository.h"
#include "widgets/chatsettingspanel.h"
#include "widgets/chattranscript.h"
#include "widgets/messagebanner.h"

#include <QCheckBox>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>

namespace Atelier {

void ChatPage::showMessages() {
  QList<TranscriptMessage> shown;
  for (const ChatMessageRecord& m : mMessages)
    shown.append({m.role, m.content, m.tokensPerSecond, m.feedback, !m.betterAnswer.isEmpty()});
  mTranscript->setMessages(shown, true);
}

bool ChatPage::send(const QString& raw) {
  const QString text = raw.trimmed();
  if (!mDb || text.isEmpty() || isGenerating()) return false;
  if (mSettings->picker()->modelDir().isEmpty()) {
    mBanner->showMessage(MessageBanner::Kind::Error,
                         tr("Choose a base model on the right first (a run's fine-tuning chooses its model)."));
    return false;
  }
  if (mChatId == 0) newChat();
  if (mChatId == 0) return false;
  ChatMessageRecord m;
  m.role = QStringLiteral("user");
  m.content = text;
  QString error;
  m.id = ChatRepository(*mDb).appendMessage(mChatId, m, &error);
  if (m.id == 0) {
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not save the message: %1").arg(error));
    return false;
  }
  m.position = int(mMessages.size());
  mMessages.append(m);
  mTranscript->appendMessage(int(mMessages.size()) - 1, {m.role, m.content}, true);
  if (mCompare->isChecked()) {
    mMessagesB.append(m);
    mTranscriptB->appendMessage(int(mMessagesB.size()) - 1, {m.role, m.content}, false);
  }
  startAnswer();
  if (mCompare->isChecked() && !mPickerB->modelDir().isEmpty()) {
    mTranscriptB->beginStreaming();
    ++mRunning;
    mSessionB->start(requestFor(mPickerB->modelDir(), mPickerB->adapterDir(), mMessagesB));
    updateButtons();
  }
  return true;
}

ChatRequest ChatPage::requestFor(const QString& modelDir, const QString& adapterDir,
                                 const QList<ChatMessageRecord>& history) const {
  ChatRequest r;
  r.modelDir = modelDir;
  r.adapterDir = adapterDir;
  if (!mSettings->systemPrompt().isEmpty())
    r.messages.append({QStringLiteral("system"), mSettings->systemPrompt()});
  for (const ChatMessageRecord& m : history) r.messages.append({m.role, m.content});
  r.generation = mSettings->generationOptions();
  if (!mStopIds.isEmpty()) r.generation.stopIds = mStopIds;
  r.bestOf = mSettings->bestOf();
  r.rewardAdapter = mSettings->rewardAdapter();
  return r;
}

void ChatPage::startAnswer() {
  mTranscript->beginStreaming();
  ++mRunning;
  mStatus->setText(tr("Writing…"));
  mBestOfNote.clear();
  mSession->start(requestFor(mSettings->picker()->modelDir(), mSettings->picker()->adapterDir(), mMessages));
  updateButtons();
}

void ChatPage::stop() {
  mSession->stop();
  mSessionB->stop();
}

void ChatPage::onAnswerDone(int side, const QString& text, double tokensPerSecond, const QString& stopReason,
                            const QString& error) {
  ChatTranscript* t = side == 0 ? mTranscript : mTranscriptB;
  mRunning = qMax(0, mRunning - 1);
  if (!error.isEmpty())
    mBanner->showMessage(MessageBanner::Kind::Error, tr("The model could not answer: %1").arg(error));
  const QString answer = text.trimmed();
  if (!answer.isEmpty()) {
    ChatMessageRecord m;
    m.role = QStringLiteral("assistant");
    m.content = answer;
    m.tokensPerSecond = tokensPerSecond;
    if (side == 0 && mDb && mChatId != 0) {
      QString why;
      m.id = ChatRepository(*mDb).appendMessage(mChatId, m, &why);
      if (m.id == 0) mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not save the answer: %1").arg(why));
      m.position = int(mMessages.size());
      mMessages.append(m);
      t->finishStreaming(int(mMessages.size()) - 1, {m.role, m.content, m.tokensPerSecond}, true);
    } else if (side == 1) {
      mMessagesB.append(m);
      t->finishStreaming(int(mMessagesB.size()) - 1, {m.role, m.content, m.tokensPerSecond}, false);
    }
  }
  t->endStreaming();  // nothing came (or it failed): the heading goes
  if (side == 0 && error.isEmpty()) {
    QString status = tr("%1 tokens/s").arg(tokensPerSecond, 0, 'f', 1);
    if (stopReason == QLatin1String("cancelled")) status += tr(" · stopped");
    else if (stopReason == QLatin1String("max_tokens")) status += tr(" · reached the longest answer");
    if (!mBestOfNote.isEmpty()) status += QStringLiteral(" · ") + mBestOfNote;
    mStatus->setText(status);
  }
  updateButtons();
  Q_EMIT answerDone(side);
}

void ChatPage::regenerate(int index) {
  if (!mDb || isGenerating() || index < 0 || index >= mMessages.size() ||
      mMessages[index].role != QLatin1String("assistant"))
    return;
  QString error;
  if (!ChatRepository(*mDb).truncate(mChatId, index, &error)) {
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not replace the answer: %1").arg(error));
    return;
  }
  mMessages = mMessages.mid(0, index);
  showMessages();
  startAnswer();
}

void ChatPage::editAndResend(int index, const QString& text) {
  if (!mDb || isGenerating() || index < 0 || index >= mMessages.size() ||
      mMessages[index].role != QLatin1String("user"))
    return;
  QString error;
  if (!ChatRepository(*mDb).truncate(mChatId, index, &error)) {
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not edit the message: %1").arg(error));
    return;
  }
  mMessages = mMessages.mid(0, index);
  mMessagesB = mMessages;
  showMessages();
  setCompare(mCompare->isChecked());
  send(text);
}

void ChatPage::setFeedback(int index, const QString& feedback, const QString& betterAnswer) {
  if (!mDb || index < 0 || index >= mMessages.size() || mMessages[index].role != QLatin1String("assistant")) return;
  ChatMessageRecord& m = mMessages[index];
  QList<Turn> context;
  if (!mSettings->systemPrompt().isEmpty())
    context.append({QStringLiteral("system"), mSettings->systemPrompt(), QString()});
  for (int i = 0; i < index; ++i) context.append({mMessages[i].role, mMessages[i].content, QString()});
  QString error;
  qint64 row = 0;
  if (!ChatRepository(*mDb).setFeedback(m.id, feedback, betterAnswer, &error) ||
      !FeedbackRepository(*mDb).record(m.id, context, m.content, feedback, betterAnswer, &row, &error)) {
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Could not save the feedback: %1").arg(error));
    return;
  }
  m.feedback = feedback;
  m.betterAnswer = betterAnswer;
  mStatus->setText(row ? tr("Saved to the feedback dataset: the next fine-tune can learn from it.")
                       : tr("Feedback saved."));
  showMessages();
}

void ChatPage::askBetterAnswer(int index) {
  bool ok = false;
  const ChatMessageRecord& m = mMessages[index];
  const QString text = QInputDialog::getMultiLineText(
      this, tr("Write the better answer"),
      tr("The answer you would have wanted. It is saved as a training example, with the model's answer as "
         "the worse one of the pair:"),
      m.betterAnswer.isEmpty() ? m.content : m.betterAnswer, &ok);
  if (ok && !text.trimmed().isEmpty())
    setFeedback(index, m.feedback == QLatin1String("none") ? QStringLiteral("down") : m.feedback, text.trimmed());
}

}  // namespace Atelier
