#pragma once

#include <QStringList>
#include <QTextBrowser>

namespace Atelier {

// One message as the transcript shows it.
struct TranscriptMessage {
  QString role;  // user | assistant
  QString content;
  double tokensPerSecond = 0;
  QString feedback = QStringLiteral("none");
  bool betterAnswerWritten = false;
};

// The conversation of the Chat page: finished messages rendered as Markdown
// with their actions (edit, regenerate, thumbs, better answer) as links, and
// the answer being written appended as plain text at the end. Appending only
// touches the last lines of the document, so a long answer costs the same
// per token as a short one; the answer is rendered as Markdown once, when
// it is done. Copy links of code blocks put the code on the clipboard.
class ChatTranscript : public QTextBrowser {
  Q_OBJECT
 public:
  explicit ChatTranscript(QWidget* parent = nullptr);

  void setMessages(const QList<TranscriptMessage>& messages, bool withActions);
  void appendMessage(int index, const TranscriptMessage& message, bool withActions);

  // The answer being written: a heading, then text as it arrives.
  void beginStreaming();
  void appendStreaming(const QString& text);
  void replaceStreaming(const QString& text);
  // Removes the streamed text (it is then added as a message).
  void endStreaming();
  // Replaces the streamed text by the finished message, rendered in pieces
  // over a few turns of the event loop (a long answer never blocks a frame).
  void finishStreaming(int index, const TranscriptMessage& message, bool withActions);
  bool isRendering() const { return !mPending.isEmpty(); }
  bool isStreaming() const { return mStreamStart >= 0; }
  QString streamedText() const { return mStreamed; }

  QStringList codeBlocks() const { return mCodeBlocks; }

 signals:
  // action: edit | regenerate | up | down | better; index: the message's.
  void actionRequested(const QString& action, int index);

 private:
  QStringList messageHtml(int index, const TranscriptMessage& message, bool withActions);
  void insertPiece(const QString& html);
  void insertNextPiece();
  void flushPending();
  void onAnchor(const QUrl& url);
  bool atBottom() const;
  void scrollToBottomIf(bool wasAtBottom);

  QStringList mCodeBlocks;
  int mStreamStart = -1;  // document position where the streamed answer begins
  QString mStreamed;
  QStringList mPending;  // pieces of a finished answer still to insert
};

}  // namespace Atelier
