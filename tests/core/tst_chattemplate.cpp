#include "data/chattemplate.h"

#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtTest>

using namespace Atelier;

namespace {

QString readText(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return QString();
  return QString::fromUtf8(f.readAll());
}

const QJsonObject& goldens() {
  static const QJsonObject root = [] {
    QFile f(AtelierTest::dataPath(QStringLiteral("chat_templates/goldens.json")));
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
  }();
  return root;
}

QList<ChatMessage> messagesOf(const QJsonArray& array) {
  QList<ChatMessage> messages;
  for (const QJsonValue& v : array)
    messages << ChatMessage{v[QStringLiteral("role")].toString(),
                            v[QStringLiteral("content")].toString()};
  return messages;
}

ChatTemplate templateOf(const QString& stem) {
  const QJsonObject t = goldens()[QStringLiteral("templates")][stem].toObject();
  ChatTemplateFamily family = ChatTemplateFamily::Unknown;
  parseFamilyName(t[QStringLiteral("family")].toString(), &family);
  ChatTemplate result;
  result.family = family;
  result.variant = t[QStringLiteral("variant")].toString();
  result.bosToken = t[QStringLiteral("bos")].toString();
  result.eosToken = t[QStringLiteral("eos")].toString();
  result.defaultSystemPrompt = t[QStringLiteral("default_system")].toString();
  return result;
}

// What each template writes after an assistant message's content, and whether it trims it.
QString endOfTurn(const ChatTemplate& t, bool* trims) {
  *trims = t.family == ChatTemplateFamily::Llama3 || t.family == ChatTemplateFamily::Llama2 ||
           t.family == ChatTemplateFamily::Gemma;
  switch (t.family) {
    case ChatTemplateFamily::Llama3: return QStringLiteral("<|eot_id|>");
    case ChatTemplateFamily::ChatML: return QStringLiteral("<|im_end|>");
    case ChatTemplateFamily::Llama2: return QLatin1Char(' ') + t.eosToken;
    case ChatTemplateFamily::Gemma: return QStringLiteral("<end_of_turn>");
    case ChatTemplateFamily::Phi3: return QStringLiteral("<|end|>");
    default: return t.eosToken;
  }
}

}  // namespace

class TestChatTemplate : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void goldensPresent() {
    QVERIFY(goldens()[QStringLiteral("cases")].toArray().size() >= 15 * 12 * 2);
  }

  void fixturesMatchStoredTemplates_data() {
    QTest::addColumn<QString>("stem");
    for (const QString& stem : goldens()[QStringLiteral("templates")].toObject().keys())
      QTest::newRow(qPrintable(stem)) << stem;
  }
  void fixturesMatchStoredTemplates() {
    QFETCH(QString, stem);
    const QString fixture = readText(AtelierTest::dataPath("chat_templates/" + stem + ".jinja"));
    QVERIFY(!fixture.isEmpty());
    QCOMPARE(chatTemplateJinjaForVariant(templateOf(stem).variant), fixture);
  }

  void detectsEachFixture_data() { fixturesMatchStoredTemplates_data(); }
  void detectsEachFixture() {
    QFETCH(QString, stem);
    const ChatTemplate expected = templateOf(stem);
    const QString jinja = readText(AtelierTest::dataPath("chat_templates/" + stem + ".jinja"));
    QString why;
    const ChatTemplate t = detectChatTemplate(jinja, expected.bosToken, expected.eosToken, &why);
    QVERIFY2(t.family == expected.family, qPrintable(why));
    QCOMPARE(familyName(t.family), familyName(expected.family));
    QCOMPARE(t.variant, expected.variant);
    QCOMPARE(t.defaultSystemPrompt, expected.defaultSystemPrompt);
    QCOMPARE(t.bosToken, expected.bosToken);
    QCOMPARE(t.eosToken, expected.eosToken);
  }

  // Were two stored templates equivalent, one would be detected as the other.
  void storedTemplatesAreDistinct() {
    QSet<QString> seen;
    for (const QString& stem : goldens()[QStringLiteral("templates")].toObject().keys()) {
      const ChatTemplate expected = templateOf(stem);
      const ChatTemplate t = detectChatTemplate(chatTemplateJinjaForVariant(expected.variant),
                                                QStringLiteral("<s>"), QStringLiteral("</s>"));
      QCOMPARE(t.variant, expected.variant);
      QVERIFY(!seen.contains(t.variant));
      seen.insert(t.variant);
    }
  }

  void rendersLikeJinja_data() {
    QTest::addColumn<QString>("stem");
    QTest::addColumn<QString>("conversation");
    QTest::addColumn<bool>("generation");
    QTest::addColumn<bool>("fails");
    QTest::addColumn<QString>("expected");
    for (const QJsonValue& v : goldens()[QStringLiteral("cases")].toArray()) {
      const QJsonObject c = v.toObject();
      const bool generation = c[QStringLiteral("add_generation_prompt")].toBool();
      const QString row = QStringLiteral("%1/%2/%3")
                              .arg(c[QStringLiteral("template")].toString(),
                                   c[QStringLiteral("conversation")].toString(),
                                   generation ? QStringLiteral("gen") : QStringLiteral("nogen"));
      QTest::newRow(qPrintable(row))
          << c[QStringLiteral("template")].toString() << c[QStringLiteral("conversation")].toString()
          << generation << c.contains(QStringLiteral("error"))
          << c[QStringLiteral("text")].toString();
    }
  }
  void rendersLikeJinja() {
    QFETCH(QString, stem);
    QFETCH(QString, conversation);
    QFETCH(bool, generation);
    QFETCH(bool, fails);
    QFETCH(QString, expected);
    const ChatTemplate t = templateOf(stem);
    const QJsonObject conv = goldens()[QStringLiteral("conversations")][conversation].toObject();
    const QList<ChatMessage> messages = messagesOf(conv[QStringLiteral("messages")].toArray());
    RenderedChat out;
    QString error;
    const bool ok = renderChat(t, messages, generation, &out, &error);
    if (fails) {
      QVERIFY2(!ok, qPrintable(out.text));
      QVERIFY(!error.isEmpty());
      return;
    }
    QVERIFY2(ok, qPrintable(error));
    QCOMPARE(out.text, expected);

    // Spans: one per assistant message, in order, each the content as rendered plus the
    // template's end of turn.
    const QJsonArray stripped = conv[QStringLiteral("assistant_stripped")].toArray();
    int assistantIndex = 0;
    for (const ChatMessage& m : messages)
      if (m.role == QLatin1String("assistant")) ++assistantIndex;
    QCOMPARE(out.assistantSpans.size(), assistantIndex);
    bool trims = false;
    const QString end = endOfTurn(t, &trims);
    int previousEnd = 0;
    assistantIndex = 0;
    for (const ChatMessage& m : messages) {
      if (m.role != QLatin1String("assistant")) continue;
      const QPair<int, int> span = out.assistantSpans.at(assistantIndex);
      QVERIFY(span.first >= previousEnd && span.first <= span.second &&
              span.second <= out.text.size());
      const QString content = trims ? stripped.at(assistantIndex).toString() : m.content;
      QCOMPARE(out.text.mid(span.first, span.second - span.first), content + end);
      previousEnd = span.second;
      ++assistantIndex;
    }
  }

  void emptyConversationFails() {
    for (int f = int(ChatTemplateFamily::Llama3); f <= int(ChatTemplateFamily::Alpaca); ++f) {
      const ChatTemplate t = chatTemplateForFamily(ChatTemplateFamily(f), "<s>", "</s>");
      RenderedChat out;
      QString error;
      QVERIFY(!renderChat(t, {}, true, &out, &error));
      QVERIFY(error.contains(QStringLiteral("no messages")));
    }
  }

  void unknownRoleFails() {
    const ChatTemplate t = chatTemplateForFamily(ChatTemplateFamily::ChatML, "", "<|im_end|>");
    RenderedChat out;
    QString error;
    QVERIFY(!renderChat(t, {{"user", "hi"}, {"tool", "42"}}, true, &out, &error));
    QVERIFY(error.contains(QStringLiteral("'tool'")));
  }

  void alternationErrorStatesTheRule() {
    RenderedChat out;
    QString error;
    const ChatTemplate llama2 = chatTemplateForFamily(ChatTemplateFamily::Llama2, "<s>", "</s>");
    QVERIFY(!renderChat(llama2, {{"user", "a"}, {"user", "b"}}, false, &out, &error));
    QVERIFY(error.contains(QStringLiteral("alternate")));
    QVERIFY(error.contains(QStringLiteral("Message 2")));
    ChatTemplate gemma = chatTemplateForFamily(ChatTemplateFamily::Gemma, "<bos>", "<eos>");
    gemma.variant = QStringLiteral("gemma");
    QVERIFY(!renderChat(gemma, {{"system", "s"}, {"user", "u"}}, true, &out, &error));
    QVERIFY(error.contains(QStringLiteral("no system role")));
  }

  void unknownTemplates() {
    QString why;
    ChatTemplate t = detectChatTemplate(QString(), "<s>", "</s>", &why);
    QCOMPARE(t.family, ChatTemplateFamily::Unknown);
    QVERIFY(why.contains(QStringLiteral("no chat template")));
    QVERIFY(why.contains(QStringLiteral("by hand")));

    // A Llama 3.1-style template: Llama 3 markers, but a dated system header.
    const QString llama31 = QStringLiteral(
        "{{- bos_token }}{{- '<|start_header_id|>system<|end_header_id|>\\n\\n' }}"
        "{{- 'Cutting Knowledge Date: December 2023\\n' }}{%- for message in messages %}"
        "{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + "
        "message['content'] | trim + '<|eot_id|>' }}{%- endfor %}");
    t = detectChatTemplate(llama31, "<|begin_of_text|>", "<|eot_id|>", &why);
    QCOMPARE(t.family, ChatTemplateFamily::Unknown);
    QVERIFY(why.contains(QStringLiteral("Llama 3")));
    RenderedChat out;
    QVERIFY(!renderChat(t, {{"user", "hi"}}, true, &out, &why));

    t = detectChatTemplate(QStringLiteral("{% for m in messages %}{{ m.content }}{% endfor %}"),
                           "", "", &why);
    QCOMPARE(t.family, ChatTemplateFamily::Unknown);
    QVERIFY(why.contains(QStringLiteral("not one Atelier knows")));
  }

  // Layout and quoting do not matter; a changed literal does.
  void detectionIgnoresLayoutOnly() {
    const QString mistral = chatTemplateJinjaForVariant(QStringLiteral("mistral-v1"));
    QString relaid = mistral;
    relaid.replace(QStringLiteral("message['role']"), QStringLiteral("message.role"));
    relaid.replace(QStringLiteral("{%- "), QStringLiteral("{%   "));
    relaid.replace(QStringLiteral("'Only user"), QStringLiteral("\"Only user"));
    relaid.replace(QStringLiteral("message!')"), QStringLiteral("message!\")"));
    QCOMPARE(detectChatTemplate(relaid, "<s>", "</s>").variant, QStringLiteral("mistral-v1"));

    QString changed = mistral;
    changed.replace(QStringLiteral("' [INST] '"), QStringLiteral("'[INST] '"));
    QString why;
    const ChatTemplate t = detectChatTemplate(changed, "<s>", "</s>", &why);
    QCOMPARE(t.family, ChatTemplateFamily::Unknown);
    QVERIFY(why.contains(QStringLiteral("Mistral")));
  }

  void customDefaultSystemPrompt() {
    QString qwen = chatTemplateJinjaForVariant(QStringLiteral("qwen2.5"));
    qwen.replace(QStringLiteral("You are Qwen, created by Alibaba Cloud. You are a helpful assistant."),
                 QStringLiteral("You are Ada, the helpdesk\\'s assistant."));  // escaped in Jinja
    const ChatTemplate t = detectChatTemplate(qwen, "", "<|im_end|>");
    QCOMPARE(t.variant, QStringLiteral("qwen2.5"));
    QCOMPARE(t.defaultSystemPrompt, QStringLiteral("You are Ada, the helpdesk's assistant."));
    RenderedChat out;
    QString error;
    QVERIFY(renderChat(t, {{"user", "hi"}}, true, &out, &error));
    QCOMPARE(out.text, QStringLiteral("<|im_start|>system\nYou are Ada, the helpdesk's "
                                      "assistant.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
                                      "<|im_start|>assistant\n"));
  }

  void forcedFamilyMatchesItsStoredTemplate() {
    for (int f = int(ChatTemplateFamily::Llama3); f <= int(ChatTemplateFamily::Alpaca); ++f) {
      const ChatTemplateFamily family = ChatTemplateFamily(f);
      const ChatTemplate forced = chatTemplateForFamily(family, "<s>", "</s>");
      QCOMPARE(forced.family, family);
      const ChatTemplate detected = detectChatTemplate(chatTemplateJinja(family), "<s>", "</s>");
      QCOMPARE(detected.family, family);
      QCOMPARE(detected.variant, forced.variant);
      QCOMPARE(detected.defaultSystemPrompt, forced.defaultSystemPrompt);
    }
    QCOMPARE(chatTemplateForFamily(ChatTemplateFamily::Unknown, "", "").family,
             ChatTemplateFamily::Unknown);
    QVERIFY(chatTemplateJinja(ChatTemplateFamily::Unknown).isEmpty());
    QCOMPARE(defaultChatTemplate(true, "", "<|im_end|>").family, ChatTemplateFamily::ChatML);
    QCOMPARE(defaultChatTemplate(false, "<s>", "</s>").family, ChatTemplateFamily::Alpaca);
  }

  void familyNames() {
    for (int f = int(ChatTemplateFamily::Unknown); f <= int(ChatTemplateFamily::Alpaca); ++f) {
      ChatTemplateFamily parsed = ChatTemplateFamily::Llama2;
      QVERIFY(parseFamilyName(familyName(ChatTemplateFamily(f)), &parsed));
      QCOMPARE(parsed, ChatTemplateFamily(f));
      QVERIFY(parseFamilyName(familyDisplayName(ChatTemplateFamily(f)).toUpper(), &parsed));
      QCOMPARE(parsed, ChatTemplateFamily(f));
    }
    ChatTemplateFamily parsed;
    QVERIFY(parseFamilyName(QStringLiteral("phi-3"), &parsed));
    QCOMPARE(parsed, ChatTemplateFamily::Phi3);
    QVERIFY(!parseFamilyName(QStringLiteral("vicuna"), &parsed));
  }

  void stopStrings() {
    QCOMPARE(chatStopStrings(chatTemplateForFamily(ChatTemplateFamily::Llama3, "<|begin_of_text|>",
                                                   "<|end_of_text|>")),
             QStringList({"<|eot_id|>", "<|end_of_text|>"}));
    QCOMPARE(chatStopStrings(chatTemplateForFamily(ChatTemplateFamily::ChatML, "", "<|im_end|>")),
             QStringList({"<|im_end|>"}));
    QCOMPARE(chatStopStrings(chatTemplateForFamily(ChatTemplateFamily::Gemma, "<bos>", "<eos>")),
             QStringList({"<end_of_turn>", "<eos>"}));
    QCOMPARE(chatStopStrings(chatTemplateForFamily(ChatTemplateFamily::Phi3, "<s>", "<|endoftext|>")),
             QStringList({"<|end|>", "<|endoftext|>"}));
    QCOMPARE(chatStopStrings(chatTemplateForFamily(ChatTemplateFamily::Mistral, "<s>", "</s>")),
             QStringList({"</s>"}));
    QVERIFY(chatStopStrings(chatTemplateForFamily(ChatTemplateFamily::Alpaca, "<s>", "</s>"))
                .contains(QStringLiteral("### Instruction:")));
  }
};

QTEST_GUILESS_MAIN(TestChatTemplate)
#include "tst_chattemplate.moc"
