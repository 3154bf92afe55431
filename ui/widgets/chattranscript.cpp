#include "chattranscript.h"

#include "markdownhtml.h"

#include <QApplication>
#include <QClipboard>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimer>
#include <QUrl>

namespace Atelier {

namespace {

const int kStreamBlockChars = 400;
const int kRenderPieceChars = 3000;

}  // namespace

ChatTranscript::ChatTranscript(QWidget* parent) : QTextBrowser(parent) {
  setOpenLinks(false);
  setOpenExternalLinks(false);
  document()->setUndoRedoEnabled(false);  // an undo stack of every token costs memory and time
  connect(this, &QTextBrowser::anchorClicked, this, &ChatTranscript::onAnchor);
}

void ChatTranscript::setMessages(const QList<TranscriptMessage>& messages, bool withActions) {
  mPending.clear();
  clear();
  mCodeBlocks.clear();
  mStreamStart = -1;
  for (int i = 0; i < messages.size(); ++i) appendMessage(i, messages[i], withActions);
}

QStringList ChatTranscript::messageHtml(int index, const TranscriptMessage& m, bool withActions) {
  const bool user = m.role == QLatin1String("user");
  QStringList pieces;
  pieces << QStringLiteral("<p style=\"margin-top:12px\"><b>%1</b></p>").arg(user ? tr("You") : tr("Assistant"));
  // Long answers go in pieces split at blank lines outside code blocks: each
  // piece is parsed and laid out on its own, a few thousand characters at a time.
  QString segment;
  bool inCode = false;
  const QStringList lines = m.content.split(QLatin1Char('\n'));
  for (const QString& line : lines) {
    if (line.trimmed().startsWith(QLatin1String("```"))) inCode = !inCode;
    segment += line + QLatin1Char('\n');
    if (!inCode && line.trimmed().isEmpty() && segment.size() >= kRenderPieceChars) {
      pieces << markdownToHtml(segment, int(mCodeBlocks.size()), &mCodeBlocks);
      segment.clear();
    }
  }
  if (!segment.trimmed().isEmpty()) pieces << markdownToHtml(segment, int(mCodeBlocks.size()), &mCodeBlocks);
  QStringList footer;
  if (!user && m.tokensPerSecond > 0) footer << tr("%1 tokens/s").arg(m.tokensPerSecond, 0, 'f', 1);
  const auto link = [index](const QString& action, const QString& text) {
    return QStringLiteral("<a href=\"%1:%2\">%3</a>").arg(action).arg(index).arg(text);
  };
  if (withActions) {
    if (user) {
      footer << link(QStringLiteral("edit"), tr("Edit and resend"));
    } else {
      footer << link(QStringLiteral("regenerate"), tr("Regenerate"));
      footer << link(QStringLiteral("up"), m.feedback == QLatin1String("up") ? tr("👍 Good (saved)") : tr("👍 Good"));
      footer << link(QStringLiteral("down"), m.feedback == QLatin1String("down") ? tr("👎 Bad (saved)") : tr("👎 Bad"));
      footer << link(QStringLiteral("better"),
                     m.betterAnswerWritten ? tr("Better answer (saved)…") : tr("Write the better answer…"));
    }
  }
  if (!footer.isEmpty())
    pieces << QStringLiteral("<p style=\"color:#666\"><small>%1</small></p>").arg(footer.join(QStringLiteral(" · ")));
  return pieces;
}

void ChatTranscript::insertPiece(const QString& html) {
  const bool bottom = atBottom();
  QTextCursor c(document());
  c.movePosition(QTextCursor::End);
  c.insertHtml(html);
  c.insertBlock(QTextBlockFormat(), QTextCharFormat());
  scrollToBottomIf(bottom);
}

void ChatTranscript::flushPending() {
  while (!mPending.isEmpty()) insertPiece(mPending.takeFirst());
}

void ChatTranscript::appendMessage(int index, const TranscriptMessage& m, bool withActions) {
  flushPending();
  for (const QString& piece : messageHtml(index, m, withActions)) insertPiece(piece);
}

void ChatTranscript::finishStreaming(int index, const TranscriptMessage& m, bool withActions) {
  endStreaming();
  // One piece now, the rest on later turns of the event loop: the GUI thread
  // stays free however long the answer is.
  mPending += messageHtml(index, m, withActions);
  insertPiece(mPending.takeFirst());
  if (!mPending.isEmpty()) QTimer::singleShot(0, this, &ChatTranscript::insertNextPiece);
}

void ChatTranscript::insertNextPiece() {
  if (mPending.isEmpty()) return;
  insertPiece(mPending.takeFirst());
  if (!mPending.isEmpty()) QTimer::singleShot(0, this, &ChatTranscript::insertNextPiece);
}

void ChatTranscript::beginStreaming() {
  flushPending();
  const bool bottom = atBottom();
  QTextCursor c(document());
  c.movePosition(QTextCursor::End);
  mStreamStart = c.position();
  c.insertHtml(QStringLiteral("<p style=\"margin-top:12px\"><b>%1</b></p>").arg(tr("Assistant")));
  c.insertBlock(QTextBlockFormat(), QTextCharFormat());
  mStreamed.clear();
  scrollToBottomIf(bottom);
}

void ChatTranscript::appendStreaming(const QString& text) {
  if (mStreamStart < 0 || text.isEmpty()) return;
  const bool bottom = atBottom();
  QTextCursor c(document());
  c.movePosition(QTextCursor::End);
  // Qt lays out a whole paragraph again when text is added to it, so a long
  // answer without line breaks would cost more per token the longer it gets.
  // While streaming, a long paragraph continues in a new block at a space
  // (no margin: it reads the same); the finished answer is rendered afresh.
  const int space = text.lastIndexOf(QLatin1Char(' '));
  if (c.block().length() > kStreamBlockChars && space >= 0) {
    c.insertText(text.left(space + 1), QTextCharFormat());
    QTextBlockFormat seamless;
    seamless.setTopMargin(0);
    seamless.setBottomMargin(0);
    c.insertBlock(seamless, QTextCharFormat());
    c.insertText(text.mid(space + 1), QTextCharFormat());
    mStreamed += text.left(space + 1) + QLatin1Char('\n') + text.mid(space + 1);
  } else {
    c.insertText(text, QTextCharFormat());
    mStreamed += text;
  }
  scrollToBottomIf(bottom);
}

void ChatTranscript::replaceStreaming(const QString& text) {
  if (mStreamStart < 0) return;
  // Only the streamed text goes: from after the heading to the end.
  QTextCursor c(document());
  c.movePosition(QTextCursor::End);
  c.setPosition(c.position() - int(mStreamed.size()), QTextCursor::KeepAnchor);
  c.removeSelectedText();
  mStreamed.clear();
  appendStreaming(text);
}

void ChatTranscript::endStreaming() {
  if (mStreamStart < 0) return;
  QTextCursor c(document());
  c.setPosition(mStreamStart);
  c.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
  c.removeSelectedText();
  mStreamStart = -1;
  mStreamed.clear();
}

void ChatTranscript::onAnchor(const QUrl& url) {
  const QString s = url.toString();
  const int colon = s.indexOf(QLatin1Char(':'));
  if (colon < 0) return;
  const QString action = s.left(colon);
  const int index = s.mid(colon + 1).toInt();
  if (action == QLatin1String("copy")) {
    if (index >= 0 && index < mCodeBlocks.size()) QApplication::clipboard()->setText(mCodeBlocks[index]);
    return;
  }
  Q_EMIT actionRequested(action, index);
}

bool ChatTranscript::atBottom() const {
  const QScrollBar* bar = verticalScrollBar();
  return bar->value() >= bar->maximum() - 4;
}

void ChatTranscript::scrollToBottomIf(bool wasAtBottom) {
  // Follow the answer unless the person scrolled up to read.
  if (wasAtBottom) verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

}  // namespace Atelier
