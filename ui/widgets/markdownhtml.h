#pragma once

#include <QString>
#include <QStringList>

namespace Atelier {

// The Markdown models write in answers, as HTML for a QTextBrowser: headings,
// bullet and numbered lists, **bold**, *italic*, `inline code` and fenced
// code blocks. Each code block is followed by a "Copy" link to
// `copy:<n>`, n counting from `firstCodeIndex`; its text is appended to
// *codeBlocks. Everything else is escaped: model output is never markup.
QString markdownToHtml(const QString& markdown, int firstCodeIndex, QStringList* codeBlocks);

}  // namespace Atelier
