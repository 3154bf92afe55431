#include "markdownhtml.h"

#include <QObject>
#include <QRegularExpression>

namespace Atelier {

namespace {

// Inline spans on escaped text: code first, so stars inside code stay stars.
QString inlineHtml(const QString& line) {
  QString out;
  const QStringList parts = line.split(QLatin1Char('`'));
  for (int i = 0; i < parts.size(); ++i) {
    const bool code = i % 2 == 1 && i + 1 < parts.size();  // an unmatched ` stays literal
    QString text = parts[i].toHtmlEscaped();
    if (code) {
      out += QStringLiteral("<code style=\"background:#eee\">%1</code>").arg(text);
      continue;
    }
    static const QRegularExpression bold(QStringLiteral("\\*\\*(.+?)\\*\\*|__(.+?)__"));
    static const QRegularExpression italic(QStringLiteral("(?<![\\w*])\\*(?!\\s)(.+?)(?<!\\s)\\*(?![\\w*])"
                                                          "|(?<!\\w)_(?!\\s)(.+?)(?<!\\s)_(?!\\w)"));
    text.replace(bold, QStringLiteral("<b>\\1\\2</b>"));
    text.replace(italic, QStringLiteral("<i>\\1\\2</i>"));
    if (i > 0 && i % 2 == 1) out += QLatin1Char('`');  // the unmatched backtick
    out += text;
  }
  return out;
}

}  // namespace

QString markdownToHtml(const QString& markdown, int firstCodeIndex, QStringList* codeBlocks) {
  static const QRegularExpression heading(QStringLiteral("^(#{1,6})\\s+(.*)$"));
  static const QRegularExpression bullet(QStringLiteral("^\\s*[-*+]\\s+(.*)$"));
  static const QRegularExpression numbered(QStringLiteral("^\\s*\\d+[.)]\\s+(.*)$"));
  QString html;
  QString list;  // "ul", "ol" or "" while outside a list
  QString paragraph;
  QString code;
  bool inCode = false;
  const auto closeParagraph = [&] {
    if (!paragraph.isEmpty()) html += QStringLiteral("<p>%1</p>").arg(paragraph);
    paragraph.clear();
  };
  const auto closeList = [&] {
    if (!list.isEmpty()) html += QStringLiteral("</%1>").arg(list);
    list.clear();
  };
  const auto openList = [&](const QString& kind) {
    closeParagraph();
    if (list == kind) return;
    closeList();
    html += QStringLiteral("<%1>").arg(kind);
    list = kind;
  };
  const auto closeCode = [&] {
    const int n = firstCodeIndex + int(codeBlocks->size());
    codeBlocks->append(code);
    html += QStringLiteral("<pre style=\"background:#f4f4f4\">%1</pre>"
                           "<p><a href=\"copy:%2\">%3</a></p>")
                .arg(code.toHtmlEscaped())
                .arg(n)
                .arg(QObject::tr("Copy code"));
    code.clear();
  };
  const QStringList lines = markdown.split(QLatin1Char('\n'));
  for (const QString& line : lines) {
    if (line.trimmed().startsWith(QLatin1String("```"))) {
      if (inCode) {
        closeCode();
      } else {
        closeParagraph();
        closeList();
      }
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      if (!code.isEmpty() || !line.isEmpty()) code += (code.isEmpty() ? QString() : QStringLiteral("\n")) + line;
      continue;
    }
    if (line.trimmed().isEmpty()) {
      closeParagraph();
      closeList();
      continue;
    }
    if (const auto m = heading.match(line); m.hasMatch()) {
      closeParagraph();
      closeList();
      const int level = qMin(6, int(m.captured(1).size()) + 2);  // h3..h6: headings inside a message
      html += QStringLiteral("<h%1>%2</h%1>").arg(qMin(level, 6)).arg(inlineHtml(m.captured(2)));
    } else if (const auto b = bullet.match(line); b.hasMatch()) {
      openList(QStringLiteral("ul"));
      html += QStringLiteral("<li>%1</li>").arg(inlineHtml(b.captured(1)));
    } else if (const auto n = numbered.match(line); n.hasMatch()) {
      openList(QStringLiteral("ol"));
      html += QStringLiteral("<li>%1</li>").arg(inlineHtml(n.captured(1)));
    } else {
      closeList();
      paragraph += (paragraph.isEmpty() ? QString() : QStringLiteral("<br>")) + inlineHtml(line);
    }
  }
  if (inCode) closeCode();  // an answer cut off inside a code block
  closeParagraph();
  closeList();
  return html;
}

}  // namespace Atelier
