#include "jsonduplicates.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <vector>

namespace Atelier {
namespace {

struct Container {
  bool isObject = false;
  bool expectKey = false;  // inside an object, the next string is a key
  QString lastKey;         // the key whose value is being read, for the path
  QSet<QString> keys;
};

// Keys are compared after unescaping: "a" and "\u0061" are the same key.
QString decodeString(const QByteArray& literal) {
  if (!literal.contains('\\')) return QString::fromUtf8(literal.mid(1, literal.size() - 2));
  const QJsonDocument doc = QJsonDocument::fromJson('[' + literal + ']');
  return doc.array().at(0).toString();
}

}  // namespace

bool findDuplicateJsonKey(const QByteArray& json, QStringList* path) {
  std::vector<Container> stack;
  const qsizetype n = json.size();
  for (qsizetype i = 0; i < n; ++i) {
    const char c = json[i];
    if (c == '"') {
      qsizetype end = i + 1;
      while (end < n && json[end] != '"') end += json[end] == '\\' ? 2 : 1;
      if (!stack.empty() && stack.back().isObject && stack.back().expectKey) {
        Container& top = stack.back();
        const QString key = decodeString(json.mid(i, end - i + 1));
        if (top.keys.contains(key)) {
          path->clear();
          for (size_t k = 0; k + 1 < stack.size(); ++k)
            if (stack[k].isObject) *path << stack[k].lastKey;
          *path << key;
          return true;
        }
        top.keys.insert(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c == '{' || c == '[') {
      Container next;
      next.isObject = c == '{';
      next.expectKey = next.isObject;
      stack.push_back(std::move(next));
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ',' && !stack.empty() && stack.back().isObject) {
      stack.back().expectKey = true;
    }
  }
  return false;
}

}  // namespace Atelier
