<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Atelier::AboutDialog</name>
    <message>
        <source>About Atelier</source>
        <translation>Über Atelier</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Atelier&lt;/h2&gt;&lt;p&gt;Fine-tune an open language model into your own assistant, on your own computer. Nothing leaves this machine.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Atelier&lt;/h2&gt;&lt;p&gt;Machen Sie aus einem offenen Sprachmodell Ihren eigenen Assistenten, auf Ihrem eigenen Computer. Nichts verlässt diesen Rechner.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Checking this computer…</source>
        <translation>Dieser Computer wird geprüft…</translation>
    </message>
    <message>
        <source>an NVIDIA driver is present, but this libtorch was built without CUDA</source>
        <translation>ein NVIDIA-Treiber ist vorhanden, aber diese libtorch wurde ohne CUDA gebaut</translation>
    </message>
    <message>
        <source>none (%1)</source>
        <translation>keine (%1)</translation>
    </message>
    <message>
        <source>&lt;table&gt;&lt;tr&gt;&lt;td&gt;Atelier&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;libtorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;CUDA GPU&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;BLAS&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;CPU&lt;/td&gt;&lt;td&gt;%6, %7 cores, %8 threads in use&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Memory&lt;/td&gt;&lt;td&gt;%9&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table&gt;&lt;tr&gt;&lt;td&gt;Atelier&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;libtorch&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;CUDA-GPU&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;BLAS&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;CPU&lt;/td&gt;&lt;td&gt;%6, %7 Kerne, %8 Threads in Gebrauch&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Speicher&lt;/td&gt;&lt;td&gt;%9&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Training will be slow:&lt;/b&gt; the basic BLAS library is in use. Install the package libopenblas0-openmp.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Das Training wird langsam sein:&lt;/b&gt; die einfache BLAS-Bibliothek ist in Gebrauch. Installieren Sie das Paket libopenblas0-openmp.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Problem:&lt;/b&gt; %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Problem:&lt;/b&gt; %1&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Atelier::ChatBubbleView</name>
    <message>
        <source>Preferred answer</source>
        <translation>Bevorzugte Antwort</translation>
    </message>
    <message>
        <source>Rejected answer</source>
        <translation>Abgelehnte Antwort</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Nutzer</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemanweisung</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>Double-click to edit</source>
        <translation>Doppelklick zum Bearbeiten</translation>
    </message>
</context>
<context>
    <name>Atelier::ConversationEditor</name>
    <message>
        <source>The change could not be saved: %1</source>
        <translation>Die Änderung konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>Atelier::ConversationTableModel</name>
    <message>
        <source>Kept</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Removed by you</source>
        <translation>Von Ihnen entfernt</translation>
    </message>
    <message>
        <source>Exact duplicate</source>
        <translation>Exaktes Duplikat</translation>
    </message>
    <message>
        <source>Near duplicate</source>
        <translation>Fast-Duplikat</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>Personenbezogene Daten</translation>
    </message>
    <message>
        <source>Too short</source>
        <translation>Zu kurz</translation>
    </message>
    <message>
        <source>Too long</source>
        <translation>Zu lang</translation>
    </message>
    <message>
        <source>Too few tokens</source>
        <translation>Zu wenige Tokens</translation>
    </message>
    <message>
        <source>Too many tokens</source>
        <translation>Zu viele Tokens</translation>
    </message>
    <message>
        <source>Empty answer</source>
        <translation>Leere Antwort</translation>
    </message>
    <message>
        <source>Repeated lines</source>
        <translation>Wiederholte Zeilen</translation>
    </message>
    <message>
        <source>Repetitive</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Mostly symbols</source>
        <translation>Überwiegend Symbole</translation>
    </message>
    <message>
        <source>Blocked word</source>
        <translation>Gesperrtes Wort</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Question / text</source>
        <translation>Frage / Text</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Zeichen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <source>Restored by you; cleaning leaves it in.</source>
        <translation>Von Ihnen wiederhergestellt; die Bereinigung lässt sie drin.</translation>
    </message>
</context>
<context>
    <name>Atelier::DataPage</name>
    <message>
        <source>&lt;h2&gt;Data&lt;/h2&gt;&lt;p&gt;The examples your assistant learns from. Import a file of questions and answers or chats (Alpaca, ShareGPT, OpenAI, CSV, plain text, preference pairs); clean it so duplicates and personal data stay out; split it so part is kept back for checking.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Daten&lt;/h2&gt;&lt;p&gt;Die Beispiele, aus denen Ihr Assistent lernt. Importieren Sie eine Datei mit Fragen und Antworten oder Chats (Alpaca, ShareGPT, OpenAI, CSV, reiner Text, Präferenzpaare); bereinigen Sie sie, damit Duplikate und persönliche Daten draußen bleiben; teilen Sie sie auf, damit ein Teil zum Prüfen zurückbleibt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open or create a project on the Project page first; datasets live in a project.</source>
        <translation>Öffnen oder erstellen Sie zuerst auf der Seite Projekt ein Projekt; Datensätze gehören zu einem Projekt.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Rejected at import</source>
        <translation>Beim Import abgelehnt</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>&amp;Import file…</source>
        <translation>Datei &amp;importieren…</translation>
    </message>
    <message>
        <source>C&amp;lean</source>
        <translation>&amp;Bereinigen</translation>
    </message>
    <message>
        <source>Normalise text, strip HTML, replace personal data with placeholders, and leave out duplicates and low-quality rows. Nothing is deleted; cleaning again starts from the originals.</source>
        <translation>Text vereinheitlichen, HTML entfernen, persönliche Daten durch Platzhalter ersetzen und Duplikate sowie Zeilen schlechter Qualität auslassen. Nichts wird gelöscht; erneutes Bereinigen beginnt bei den Originalen.</translation>
    </message>
    <message>
        <source>&amp;Split 80/10/10</source>
        <translation>&amp;Aufteilen 80/10/10</translation>
    </message>
    <message>
        <source>Keep 10% for validation and 10% for testing; the same rows every time.</source>
        <translation>10 % zur Validierung und 10 % zum Testen zurückhalten; jedes Mal dieselben Zeilen.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message>
        <source>Imported %1 rows as &quot;%2&quot; (%3). %4 rejected.</source>
        <translation>%1 Zeilen als „%2“ importiert (%3). %4 abgelehnt.</translation>
    </message>
    <message>
        <source>
Line %1: %2</source>
        <translation>
Zeile %1: %2</translation>
    </message>
    <message>
        <source>Cleaning %1…</source>
        <translation>%1 wird bereinigt…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Kept %1 of %2 rows.</source>
        <translation>%1 von %2 Zeilen behalten.</translation>
    </message>
    <message>
        <source> Left out — %1.</source>
        <translation> Ausgelassen — %1.</translation>
    </message>
    <message>
        <source> Personal data replaced — %1.</source>
        <translation> Persönliche Daten ersetzt — %1.</translation>
    </message>
    <message>
        <source>Splitting %1…</source>
        <translation>%1 wird aufgeteilt…</translation>
    </message>
    <message>
        <source>Split %1: %2 for training, %3 for validation, %4 for testing.</source>
        <translation>%1 aufgeteilt: %2 zum Training, %3 zur Validierung, %4 zum Testen.</translation>
    </message>
    <message>
        <source>&amp;Browse rows…</source>
        <translation>Zeilen &amp;durchsehen…</translation>
    </message>
    <message>
        <source>Look through the rows, search them, edit or remove single rows (double-click a dataset).</source>
        <translation>Zeilen durchsehen, durchsuchen, einzelne Zeilen bearbeiten oder entfernen (Doppelklick auf einen Datensatz).</translation>
    </message>
</context>
<context>
    <name>Atelier::DatasetBrowser</name>
    <message>
        <source>Dataset “%1”</source>
        <translation>Datensatz „%1“</translation>
    </message>
    <message>
        <source>Search the messages…</source>
        <translation>Nachrichten durchsuchen…</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>Alle Zeilen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Zeigen:</translation>
    </message>
    <message>
        <source>Choose a row to see it as a chat.</source>
        <translation>Wählen Sie eine Zeile, um sie als Chat zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Edit answer…</source>
        <translation>Antwort &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Double-click any message to edit it.</source>
        <translation>Doppelklicken Sie auf eine Nachricht, um sie zu bearbeiten.</translation>
    </message>
    <message>
        <source>&amp;Remove row</source>
        <translation>Zeile &amp;entfernen</translation>
    </message>
    <message>
        <source>Leave this row out of training. Undo with Ctrl+Z.</source>
        <translation>Diese Zeile nicht zum Training verwenden. Rückgängig mit Strg+Z.</translation>
    </message>
    <message>
        <source>Re&amp;store row</source>
        <translation>Zeile &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>Put a row that cleaning or you left out back in; cleaning again keeps it.</source>
        <translation>Eine Zeile, die die Bereinigung oder Sie ausgelassen haben, wieder aufnehmen; erneutes Bereinigen behält sie.</translation>
    </message>
    <message>
        <source>All rows (%1)</source>
        <translation>Alle Zeilen (%1)</translation>
    </message>
    <message>
        <source>Kept (%1)</source>
        <translation>Behalten (%1)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Line %1 of the source file · %2</source>
        <translation>Zeile %1 der Quelldatei · %2</translation>
    </message>
    <message>
        <source> · %1 split</source>
        <translation> · Aufteilung %1</translation>
    </message>
    <message>
        <source> · restored by you</source>
        <translation> · von Ihnen wiederhergestellt</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>Nachricht bearbeiten</translation>
    </message>
    <message>
        <source>%1 — the text used for training:</source>
        <translation>%1 – der Text, mit dem trainiert wird:</translation>
    </message>
    <message>
        <source>edit message</source>
        <translation>Nachricht bearbeiten</translation>
    </message>
    <message>
        <source>remove row</source>
        <translation>Zeile entfernen</translation>
    </message>
    <message>
        <source>restore row</source>
        <translation>Zeile wiederherstellen</translation>
    </message>
</context>
<context>
    <name>Atelier::DatasetStatsView</name>
    <message>
        <source>Tokens per message</source>
        <translation>Tokens pro Nachricht</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Count tokens with:</source>
        <translation>Tokens zählen mit:</translation>
    </message>
    <message>
        <source>Estimate: characters ÷ 4 (no model chosen)</source>
        <translation>Schätzung: Zeichen ÷ 4 (kein Modell gewählt)</translation>
    </message>
    <message>
        <source>Tokenizer of %1</source>
        <translation>Tokenizer von %1</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Zähle…</translation>
    </message>
    <message>
        <source>The statistics could not be computed: %1</source>
        <translation>Die Statistik konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Estimated&lt;/b&gt; token lengths (characters ÷ 4): choose a model on the Model page for exact counts.</source>
        <translation>&lt;b&gt;Geschätzte&lt;/b&gt; Tokenlängen (Zeichen ÷ 4): Wählen Sie auf der Seite „Modell“ ein Modell für genaue Zahlen.</translation>
    </message>
    <message>
        <source>Token lengths counted with the %1.</source>
        <translation>Tokenlängen gezählt mit %1.</translation>
    </message>
    <message>
        <source>Tokens per message (estimate)</source>
        <translation>Tokens pro Nachricht (geschätzt)</translation>
    </message>
    <message>
        <source>No dataset selected.</source>
        <translation>Kein Datensatz ausgewählt.</translation>
    </message>
    <message>
        <source>%1 rows, %2 kept; %3 rejected at import.</source>
        <translation>%1 Zeilen, %2 behalten; %3 beim Import abgelehnt.</translation>
    </message>
    <message>
        <source>Split: %1 training, %2 validation, %3 test.</source>
        <translation>Aufteilung: %1 Training, %2 Validierung, %3 Test.</translation>
    </message>
    <message>
        <source>%1 messages: %2</source>
        <translation>%1 Nachrichten: %2</translation>
    </message>
    <message>
        <source>Messages per conversation — %1.</source>
        <translation>Nachrichten pro Gespräch – %1.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Nothing left out.</source>
        <translation>Nichts ausgelassen.</translation>
    </message>
    <message>
        <source>Left out — %1.</source>
        <translation>Ausgelassen – %1.</translation>
    </message>
</context>
<context>
    <name>Atelier::EvalChart</name>
    <message>
        <source>ROUGE-L</source>
        <translation>ROUGE-L</translation>
    </message>
    <message>
        <source>BLEU</source>
        <translation>BLEU</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <source>&lt;b&gt;ROUGE-L&lt;/b&gt; (0–100, &lt;b&gt;higher is better&lt;/b&gt;): how much of the reference answer appears in the model&apos;s answer, in the same order. It forgives extra or missing words in between, so it rewards answers that say the same things.</source>
        <translation>&lt;b&gt;ROUGE-L&lt;/b&gt; (0–100, &lt;b&gt;höher ist besser&lt;/b&gt;): wie viel der Referenzantwort in derselben Reihenfolge in der Antwort des Modells vorkommt. Zusätzliche oder fehlende Wörter dazwischen werden verziehen; belohnt werden Antworten, die dasselbe sagen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;BLEU&lt;/b&gt; (0–100, &lt;b&gt;higher is better&lt;/b&gt;): how many runs of one to four words in the model&apos;s answers also appear in the reference answers, with a penalty for answers that are too short. It is strict: a good answer in other words scores low.</source>
        <translation>&lt;b&gt;BLEU&lt;/b&gt; (0–100, &lt;b&gt;höher ist besser&lt;/b&gt;): wie viele Folgen von einem bis vier Wörtern aus den Antworten des Modells auch in den Referenzantworten vorkommen, mit einem Abzug für zu kurze Antworten. Streng: Eine gute Antwort mit anderen Worten bekommt wenig Punkte.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Perplexity&lt;/b&gt; (1 or more, &lt;b&gt;lower is better&lt;/b&gt;): how surprised the model is by the reference answers. 1 would mean it expected every word; 20 means it was, on average, as unsure as if choosing among 20 words. Compare it only between models with the same tokenizer.</source>
        <translation>&lt;b&gt;Perplexität&lt;/b&gt; (1 oder mehr, &lt;b&gt;niedriger ist besser&lt;/b&gt;): wie überrascht das Modell von den Referenzantworten ist. 1 hieße, es hat jedes Wort erwartet; 20 heißt, es war im Mittel so unsicher, als wählte es zwischen 20 Wörtern. Nur zwischen Modellen mit demselben Tokenizer vergleichen.</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>Feinabgestimmt</translation>
    </message>
</context>
<context>
    <name>Atelier::EvaluatePage</name>
    <message>
        <source>&lt;h2&gt;Evaluate&lt;/h2&gt;&lt;p&gt;Measure how well a model answers questions it has not trained on: the base model or a fine-tuning run, on the part of a dataset kept back for testing. Compare the results, then read the worst answers yourself — numbers only tell part of the story.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Bewerten&lt;/h2&gt;&lt;p&gt;Messen Sie, wie gut ein Modell Fragen beantwortet, auf die es nicht trainiert wurde: das Basismodell oder einen Trainingslauf, auf dem zum Testen zurückgehaltenen Teil eines Datensatzes. Vergleichen Sie die Ergebnisse und lesen Sie dann selbst die schlechtesten Antworten — Zahlen erzählen nur einen Teil.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open or create a project on the Project page first; evaluations are kept in a project.</source>
        <translation>Öffnen oder erstellen Sie zuerst auf der Seite „Projekt“ ein Projekt; Bewertungen werden in einem Projekt gespeichert.</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v von %m</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p %</translation>
    </message>
    <message>
        <source>Stored as result #%1. %2</source>
        <translation>Als Ergebnis Nr. %1 gespeichert. %2</translation>
    </message>
    <message>
        <source>What to evaluate</source>
        <translation>Was bewertet wird</translation>
    </message>
    <message>
        <source>The base model as downloaded, or the model with what a fine-tuning run taught it.</source>
        <translation>Das Basismodell wie heruntergeladen, oder das Modell mit dem, was ein Trainingslauf ihm beigebracht hat.</translation>
    </message>
    <message>
        <source>Which saved state of the run: the final one, the one with the best validation loss, or one saved along the way.</source>
        <translation>Welcher gespeicherte Stand des Laufs: der letzte, der mit dem besten Validierungsverlust oder einer von unterwegs.</translation>
    </message>
    <message>
        <source>The base model folder (Hugging Face layout).</source>
        <translation>Der Ordner des Basismodells (Hugging-Face-Aufbau).</translation>
    </message>
    <message>
        <source>Choose &amp;folder…</source>
        <translation>&amp;Ordner wählen…</translation>
    </message>
    <message>
        <source>Test part (kept back, never trained on)</source>
        <translation>Testteil (zurückgehalten, nie trainiert)</translation>
    </message>
    <message>
        <source>Validation part</source>
        <translation>Validierungsteil</translation>
    </message>
    <message>
        <source>Training part (answers it has seen)</source>
        <translation>Trainingsteil (Antworten, die es kennt)</translation>
    </message>
    <message>
        <source>All kept rows</source>
        <translation>Alle behaltenen Zeilen</translation>
    </message>
    <message>
        <source>Use the test part to see how the model does on questions it has never seen.</source>
        <translation>Mit dem Testteil sehen Sie, wie das Modell mit Fragen zurechtkommt, die es nie gesehen hat.</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>The longest answer the model may write for each question (a token is about three quarters of a word). Longer answers take longer to evaluate.</source>
        <translation>Die längste Antwort, die das Modell je Frage schreiben darf (ein Token ist etwa drei Viertel eines Wortes). Längere Antworten brauchen länger.</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Evaluate only the first questions of the part, for a quick look (0 = all).</source>
        <translation>Nur die ersten Fragen des Teils bewerten, für einen schnellen Blick (0 = alle).</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Chec&amp;kpoint:</source>
        <translation>&amp;Zwischenstand:</translation>
    </message>
    <message>
        <source>&amp;Base model folder:</source>
        <translation>&amp;Basismodell-Ordner:</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>&amp;Datensatz:</translation>
    </message>
    <message>
        <source>&amp;Part:</source>
        <translation>&amp;Teil:</translation>
    </message>
    <message>
        <source>Longest &amp;answer:</source>
        <translation>Längste &amp;Antwort:</translation>
    </message>
    <message>
        <source>At most (&amp;questions):</source>
        <translation>Höchstens (&amp;Fragen):</translation>
    </message>
    <message>
        <source>&amp;Start evaluation</source>
        <translation>Bewertung &amp;starten</translation>
    </message>
    <message>
        <source>Start (Ctrl+Return). The window stays usable while it runs.</source>
        <translation>Starten (Strg+Eingabe). Das Fenster bleibt währenddessen benutzbar.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the evaluation (Esc); nothing is stored.</source>
        <translation>Die Bewertung abbrechen (Esc); nichts wird gespeichert.</translation>
    </message>
    <message>
        <source>Base model (no fine-tuning)</source>
        <translation>Basismodell (ohne Feinabstimmung)</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <source>Final (end of training)</source>
        <translation>Letzter (Ende des Trainings)</translation>
    </message>
    <message>
        <source>Best (lowest validation loss)</source>
        <translation>Bester (niedrigster Validierungsverlust)</translation>
    </message>
    <message>
        <source>Saved at %1</source>
        <translation>Gespeichert bei %1</translation>
    </message>
    <message>
        <source>Import a dataset on the Data page first.</source>
        <translation>Importieren Sie zuerst auf der Seite „Daten“ einen Datensatz.</translation>
    </message>
    <message>
        <source>This run has saved no adapter yet.</source>
        <translation>Dieser Lauf hat noch keinen Adapter gespeichert.</translation>
    </message>
    <message>
        <source>Choose the base model folder to evaluate.</source>
        <translation>Wählen Sie den Ordner des Basismodells, das bewertet werden soll.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>Choose a base model folder</source>
        <translation>Ordner eines Basismodells wählen</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Zwischenstand</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Teil</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>Perplexity ↓</source>
        <translation>Perplexität ↓</translation>
    </message>
    <message>
        <source>BLEU ↑</source>
        <translation>BLEU ↑</translation>
    </message>
    <message>
        <source>ROUGE-L ↑</source>
        <translation>ROUGE-L ↑</translation>
    </message>
    <message>
        <source>Longest answer</source>
        <translation>Längste Antwort</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Every stored evaluation. Click a column to sort; select one to read its worst answers.</source>
        <translation>Jede gespeicherte Bewertung. Klicken Sie auf eine Spalte zum Sortieren; wählen Sie eine, um ihre schlechtesten Antworten zu lesen.</translation>
    </message>
    <message>
        <source>Co&amp;mpare by:</source>
        <translation>&amp;Vergleichen nach:</translation>
    </message>
    <message>
        <source>Compare like with like: results on the same part of the same dataset.</source>
        <translation>Gleiches mit Gleichem vergleichen: Ergebnisse auf demselben Teil desselben Datensatzes.</translation>
    </message>
    <message>
        <source>o&amp;n:</source>
        <translation>&amp;auf:</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>all results</source>
        <translation>allen Ergebnissen</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Reference answer</source>
        <translation>Referenzantwort</translation>
    </message>
    <message>
        <source>Model&apos;s answer</source>
        <translation>Antwort des Modells</translation>
    </message>
    <message>
        <source>The answers furthest from the reference: read them to see what the model gets wrong.</source>
        <translation>Die Antworten, die am weitesten von der Referenz entfernt sind: Lesen Sie sie, um zu sehen, was das Modell falsch macht.</translation>
    </message>
    <message>
        <source>E&amp;xport answers…</source>
        <translation>Antworten e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save every question, reference answer and model answer of the selected result as JSON lines or CSV (for a spreadsheet).</source>
        <translation>Jede Frage, Referenzantwort und Modellantwort des gewählten Ergebnisses als JSON-Zeilen oder CSV (für eine Tabellenkalkulation) speichern.</translation>
    </message>
    <message>
        <source>&amp;Delete result</source>
        <translation>Ergebnis &amp;löschen</translation>
    </message>
    <message>
        <source>Forget the selected result (the model and its runs stay).</source>
        <translation>Das gewählte Ergebnis vergessen (das Modell und seine Läufe bleiben).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Worst answers of the selected result&lt;/b&gt;</source>
        <translation>&lt;b&gt;Schlechteste Antworten des gewählten Ergebnisses&lt;/b&gt;</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Base model + adapter</source>
        <translation>Basismodell + Adapter</translation>
    </message>
    <message>
        <source>%1
with %2</source>
        <translation>%1
mit %2</translation>
    </message>
    <message>
        <source>ROUGE-L %1</source>
        <translation>ROUGE-L %1</translation>
    </message>
    <message>
        <source>perplexity %1</source>
        <translation>Perplexität %1</translation>
    </message>
    <message>
        <source>Question (line %1 of the dataset)</source>
        <translation>Frage (Zeile %1 des Datensatzes)</translation>
    </message>
    <message>
        <source>(nothing: it stopped at once)</source>
        <translation>(nichts: es hat sofort aufgehört)</translation>
    </message>
    <message>
        <source>ROUGE-L %1. </source>
        <translation>ROUGE-L %1. </translation>
    </message>
    <message>
        <source>Perplexity of the reference answer: %1 over %2 tokens.</source>
        <translation>Perplexität der Referenzantwort: %1 über %2 Tokens.</translation>
    </message>
    <message>
        <source>Export the answers</source>
        <translation>Die Antworten exportieren</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl);;CSV for spreadsheets (*.csv)</source>
        <translation>JSON-Zeilen (*.jsonl);;CSV für Tabellenkalkulationen (*.csv)</translation>
    </message>
    <message>
        <source>Wrote %1 answers to %2.</source>
        <translation>%1 Antworten nach %2 geschrieben.</translation>
    </message>
    <message>
        <source>Delete result</source>
        <translation>Ergebnis löschen</translation>
    </message>
    <message>
        <source>Forget result #%1 and its answers? The model and its runs stay.</source>
        <translation>Ergebnis Nr. %1 und seine Antworten vergessen? Das Modell und seine Läufe bleiben.</translation>
    </message>
</context>
<context>
    <name>Atelier::EvaluationJob</name>
    <message>
        <source>%1 rows: perplexity %2, BLEU %3, ROUGE-L %4</source>
        <translation>%1 Zeilen: Perplexität %2, BLEU %3, ROUGE-L %4</translation>
    </message>
    <message>
        <source>Evaluation cancelled; nothing was stored.</source>
        <translation>Bewertung abgebrochen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>noch etwa %1 s</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>noch etwa %1 min</translation>
    </message>
    <message>
        <source>about %1 h left</source>
        <translation>noch etwa %1 h</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Das Modell wird geladen…</translation>
    </message>
    <message>
        <source>Answering %1 of %2 questions</source>
        <translation>Frage %1 von %2 wird beantwortet</translation>
    </message>
</context>
<context>
    <name>Atelier::ImportCleanPage</name>
    <message>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>Clean</source>
        <translation>Bereinigen</translation>
    </message>
    <message>
        <source>Choose what cleaning does, then run it and look at what it leaves out. Nothing is deleted: rows are only marked, and you can run it again with other settings or restore rows later.</source>
        <translation>Wählen Sie, was die Bereinigung tut, starten Sie sie und sehen Sie sich an, was sie auslässt. Nichts wird gelöscht: Zeilen werden nur markiert, und Sie können mit anderen Einstellungen erneut bereinigen oder Zeilen später wiederherstellen.</translation>
    </message>
    <message>
        <source>Tidy text: Unicode (NFC), spaces, control characters</source>
        <translation>Text aufräumen: Unicode (NFC), Leerzeichen, Steuerzeichen</translation>
    </message>
    <message>
        <source>Remove HTML tags and entities</source>
        <translation>HTML-Tags und -Entitäten entfernen</translation>
    </message>
    <message>
        <source>Leave out exact duplicates</source>
        <translation>Exakte Duplikate auslassen</translation>
    </message>
    <message>
        <source>Leave out near duplicates, similarity at least</source>
        <translation>Fast-Duplikate auslassen, Ähnlichkeit mindestens</translation>
    </message>
    <message>
        <source>Leave out empty answers, repetitive text and rows of mostly symbols</source>
        <translation>Leere Antworten, sich wiederholenden Text und Zeilen aus überwiegend Symbolen auslassen</translation>
    </message>
    <message>
        <source>Replace with placeholders ([EMAIL], [PHONE], …)</source>
        <translation>Durch Platzhalter ersetzen ([EMAIL], [PHONE], …)</translation>
    </message>
    <message>
        <source>Leave out rows that contain it</source>
        <translation>Zeilen, die sie enthalten, auslassen</translation>
    </message>
    <message>
        <source>Keep it as it is</source>
        <translation>Unverändert lassen</translation>
    </message>
    <message>
        <source>estimate: characters ÷ 4</source>
        <translation>Schätzung: Zeichen ÷ 4</translation>
    </message>
    <message>
        <source>tokenizer of %1</source>
        <translation>Tokenizer von %1</translation>
    </message>
    <message>
        <source>words or phrases, separated by commas</source>
        <translation>Wörter oder Wendungen, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Personal data:</source>
        <translation>Personenbezogene Daten:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Characters per row:</source>
        <translation>Zeichen pro Zeile:</translation>
    </message>
    <message>
        <source>Tokens per row:</source>
        <translation>Tokens pro Zeile:</translation>
    </message>
    <message>
        <source>Blocklist:</source>
        <translation>Sperrliste:</translation>
    </message>
    <message>
        <source>&amp;Run cleaning</source>
        <translation>Bereinigung &amp;starten</translation>
    </message>
    <message>
        <source>Not run yet.</source>
        <translation>Noch nicht gestartet.</translation>
    </message>
    <message>
        <source>Settings changed: run cleaning again to see what they leave out.</source>
        <translation>Einstellungen geändert: Bereinigen Sie erneut, um zu sehen, was sie auslassen.</translation>
    </message>
    <message>
        <source>Cleaning…</source>
        <translation>Bereinige…</translation>
    </message>
    <message>
        <source>%1 — line %2</source>
        <translation>%1 – Zeile %2</translation>
    </message>
    <message>
        <source>Cleaning failed: %1</source>
        <translation>Die Bereinigung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Kept %1 of %2 rows.</source>
        <translation>%1 von %2 Zeilen behalten.</translation>
    </message>
    <message>
        <source>Left out as %1: %2</source>
        <translation>Ausgelassen als %1: %2</translation>
    </message>
    <message>
        <source>Replaced %1: %2</source>
        <translation>Ersetzt %1: %2</translation>
    </message>
    <message>
        <source>Tokens counted with the %1.</source>
        <translation>Tokens gezählt mit %1.</translation>
    </message>
    <message>
        <source>Nothing was left out.</source>
        <translation>Nichts wurde ausgelassen.</translation>
    </message>
</context>
<context>
    <name>Atelier::ImportFilePage</name>
    <message>
        <source>Choose a file</source>
        <translation>Datei wählen</translation>
    </message>
    <message>
        <source>Questions and answers or chats as Alpaca, ShareGPT or OpenAI JSON/JSONL, a CSV/TSV table, plain text for continued pretraining, or preference pairs. The file itself is never changed.</source>
        <translation>Fragen und Antworten oder Chats als Alpaca-, ShareGPT- oder OpenAI-JSON/JSONL, eine CSV/TSV-Tabelle, reiner Text für weiteres Vortraining oder Präferenzpaare. Die Datei selbst wird nie verändert.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>How the dataset is called in this project</source>
        <translation>Wie der Datensatz in diesem Projekt heißt</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Import a dataset file</source>
        <translation>Datensatzdatei importieren</translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.json *.csv *.tsv *.txt *.md);;All files (*)</source>
        <translation>Datensätze (*.jsonl *.json *.csv *.tsv *.txt *.md);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>Atelier::ImportFormatPage</name>
    <message>
        <source>Check the format</source>
        <translation>Format prüfen</translation>
    </message>
    <message>
        <source>Atelier looked at the file and chose a format. If the preview looks wrong, choose another one.</source>
        <translation>Atelier hat sich die Datei angesehen und ein Format gewählt. Wenn die Vorschau falsch aussieht, wählen Sie ein anderes.</translation>
    </message>
    <message>
        <source>As detected</source>
        <translation>Wie erkannt</translation>
    </message>
    <message>
        <source>Alpaca (instruction, input, output)</source>
        <translation>Alpaca (instruction, input, output)</translation>
    </message>
    <message>
        <source>ShareGPT (conversations: from/value)</source>
        <translation>ShareGPT (conversations: from/value)</translation>
    </message>
    <message>
        <source>OpenAI chat (messages: role/content)</source>
        <translation>OpenAI-Chat (messages: role/content)</translation>
    </message>
    <message>
        <source>CSV or TSV table</source>
        <translation>CSV- oder TSV-Tabelle</translation>
    </message>
    <message>
        <source>Plain text (continued pretraining)</source>
        <translation>Reiner Text (weiteres Vortraining)</translation>
    </message>
    <message>
        <source>Preference pairs (prompt, chosen, rejected)</source>
        <translation>Präferenzpaare (prompt, chosen, rejected)</translation>
    </message>
    <message>
        <source>Which column holds what? Columns set to “not used” are left out.</source>
        <translation>Welche Spalte enthält was? Spalten mit „nicht verwendet“ werden ausgelassen.</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Used as</source>
        <translation>Verwendet als</translation>
    </message>
    <message>
        <source>Reading the first rows…</source>
        <translation>Lese die ersten Zeilen…</translation>
    </message>
    <message>
        <source>Detected: &lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>Erkannt: &lt;b&gt;%1&lt;/b&gt; – %2</translation>
    </message>
    <message>
        <source>Chosen: &lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>Gewählt: &lt;b&gt;%1&lt;/b&gt; – %2</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c0392b&apos;&gt;%1&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#c0392b&apos;&gt;%1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>No rows can be read this way yet.</source>
        <translation>So lassen sich noch keine Zeilen lesen.</translation>
    </message>
    <message>
        <source>Line %1 will be skipped: %2</source>
        <translation>Zeile %1 wird übersprungen: %2</translation>
    </message>
    <message>
        <source>not used</source>
        <translation>nicht verwendet</translation>
    </message>
</context>
<context>
    <name>Atelier::ImportRunPage</name>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Reading the whole file into the project. Cancelling leaves nothing behind.</source>
        <translation>Die ganze Datei wird ins Projekt gelesen. Abbrechen hinterlässt nichts.</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Weiter &gt;</translation>
    </message>
    <message>
        <source>&amp;Cancel import</source>
        <translation>Import &amp;abbrechen</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importiere %1…</translation>
    </message>
    <message>
        <source>Imported %1 rows as “%2”. %3 rows were skipped.</source>
        <translation>%1 Zeilen als „%2“ importiert. %3 Zeilen wurden übersprungen.</translation>
    </message>
    <message>
        <source>
Line %1: %2</source>
        <translation>
Zeile %1: %2</translation>
    </message>
    <message>
        <source>
Go back to change the file or its settings.</source>
        <translation>
Gehen Sie zurück, um die Datei oder ihre Einstellungen zu ändern.</translation>
    </message>
</context>
<context>
    <name>Atelier::ImportSplitPage</name>
    <message>
        <source>Split</source>
        <translation>Aufteilen</translation>
    </message>
    <message>
        <source>Keep part of the rows back to check the model on examples it never trained on. The same seed always gives the same split; duplicates never straddle it.</source>
        <translation>Halten Sie einen Teil der Zeilen zurück, um das Modell an Beispielen zu prüfen, mit denen es nie trainiert hat. Derselbe Startwert ergibt immer dieselbe Aufteilung; Duplikate landen nie auf beiden Seiten.</translation>
    </message>
    <message>
        <source>&amp;Validation fraction:</source>
        <translation>Anteil &amp;Validierung:</translation>
    </message>
    <message>
        <source>&amp;Test fraction:</source>
        <translation>Anteil &amp;Test:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>&amp;Startwert:</translation>
    </message>
</context>
<context>
    <name>Atelier::ImportSummaryPage</name>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Splitting…</source>
        <translation>Teile auf…</translation>
    </message>
    <message>
        <source>Dataset “%1” from %2 (%3).</source>
        <translation>Datensatz „%1“ aus %2 (%3).</translation>
    </message>
    <message>
        <source>Imported %1 rows; %2 skipped.</source>
        <translation>%1 Zeilen importiert; %2 übersprungen.</translation>
    </message>
    <message>
        <source>Cleaning kept %1 of %2 rows.</source>
        <translation>Die Bereinigung hat %1 von %2 Zeilen behalten.</translation>
    </message>
    <message>
        <source>  left out as %1: %2</source>
        <translation>  ausgelassen als %1: %2</translation>
    </message>
    <message>
        <source>Split: %1 for training, %2 for validation, %3 for testing.</source>
        <translation>Aufteilung: %1 zum Training, %2 zur Validierung, %3 zum Testen.</translation>
    </message>
    <message>
        <source>The split failed: %1</source>
        <translation>Die Aufteilung ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>Atelier::ImportWizard</name>
    <message>
        <source>Import a dataset</source>
        <translation>Datensatz importieren</translation>
    </message>
</context>
<context>
    <name>Atelier::LogPanel</name>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Information and up</source>
        <translation>Informationen und mehr</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Open log file</source>
        <translation>Protokolldatei öffnen</translation>
    </message>
    <message>
        <source>The project&apos;s atelier.log, with everything shown here.</source>
        <translation>Die atelier.log des Projekts, mit allem, was hier steht.</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Zeigen:</translation>
    </message>
</context>
<context>
    <name>Atelier::MainWindow</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>Checking this computer…</source>
        <translation>Dieser Computer wird geprüft…</translation>
    </message>
    <message>
        <source>The basic BLAS library is in use; training will be slow. Install libopenblas0-openmp.</source>
        <translation>Die einfache BLAS-Bibliothek ist in Gebrauch; das Training wird langsam sein. Installieren Sie libopenblas0-openmp.</translation>
    </message>
    <message>
        <source> (not available yet)</source>
        <translation> (noch nicht verfügbar)</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>&amp;Projekt</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open the &amp;Sample Project</source>
        <translation>&amp;Beispielprojekt öffnen</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>Projekt &amp;schließen</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Atelier</source>
        <translation>Ü&amp;ber Atelier</translation>
    </message>
    <message>
        <source>Open a project folder</source>
        <translation>Einen Projektordner öffnen</translation>
    </message>
    <message>
        <source>Compute: GPU</source>
        <translation>Rechnen: GPU</translation>
    </message>
    <message>
        <source>Compute: CPU, %1 threads</source>
        <translation>Rechnen: CPU, %1 Threads</translation>
    </message>
    <message>
        <source>%1 — Atelier</source>
        <translation>%1 — Atelier</translation>
    </message>
    <message>
        <source>Closing needs the owner&apos;s PIN (Leave rater mode).</source>
        <translation>Zum Schließen ist die PIN der Projektinhaberin oder des Projektinhabers nötig (Bewertungsmodus verlassen).</translation>
    </message>
</context>
<context>
    <name>Atelier::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>Atelier::ModelPage</name>
    <message>
        <source>%1 billion</source>
        <translation>%1 Milliarden</translation>
    </message>
    <message>
        <source>%1 million</source>
        <translation>%1 Millionen</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Base model&lt;/h2&gt;&lt;p&gt;Choose the open model your assistant starts from: a Hugging Face model folder you downloaded (it holds config.json and .safetensors files). Smaller models train faster; larger ones know more.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Basismodell&lt;/h2&gt;&lt;p&gt;Wählen Sie das offene Modell, mit dem Ihr Assistent beginnt: einen heruntergeladenen Hugging-Face-Modellordner (er enthält config.json und .safetensors-Dateien). Kleinere Modelle trainieren schneller, größere wissen mehr.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Choose model folder…</source>
        <translation>Modellordner &amp;wählen…</translation>
    </message>
    <message>
        <source>This model</source>
        <translation>Dieses Modell</translation>
    </message>
    <message>
        <source>No model chosen yet.</source>
        <translation>Noch kein Modell gewählt.</translation>
    </message>
    <message>
        <source>Recent models</source>
        <translation>Zuletzt verwendete Modelle</translation>
    </message>
    <message>
        <source>Forget this entry. The model folder itself is not touched.</source>
        <translation>Diesen Eintrag vergessen. Der Modellordner selbst bleibt unberührt.</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>Einen Modellordner wählen</translation>
    </message>
    <message>
        <source>Looking at %1…</source>
        <translation>%1 wird angesehen…</translation>
    </message>
    <message>
        <source>&lt;b&gt;This folder cannot be used as a base model.&lt;/b&gt;&lt;br&gt;%1&lt;br&gt;&lt;i&gt;Pick the folder that contains config.json and the .safetensors files.&lt;/i&gt;</source>
        <translation>&lt;b&gt;Dieser Ordner kann nicht als Basismodell dienen.&lt;/b&gt;&lt;br&gt;%1&lt;br&gt;&lt;i&gt;Wählen Sie den Ordner, der config.json und die .safetensors-Dateien enthält.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Fine-tuning on this computer:</source>
        <translation>Feinabstimmung auf diesem Computer:</translation>
    </message>
    <message>
        <source>&lt;p&gt;What would help:&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Was helfen würde:&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Double-click to look at this model again.</source>
        <translation>Doppelklicken, um dieses Modell erneut anzusehen.</translation>
    </message>
    <message>
        <source>No models yet. Choose a model folder above.</source>
        <translation>Noch keine Modelle. Wählen Sie oben einen Modellordner.</translation>
    </message>
    <message>
        <source>%1 architecture (%2)</source>
        <translation>%1-Architektur (%2)</translation>
    </message>
    <message>
        <source>sentencepiece (tokenizer.model)</source>
        <translation>SentencePiece (tokenizer.model)</translation>
    </message>
    <message>
        <source>Hugging Face tokenizer (tokenizer.json)</source>
        <translation>Hugging-Face-Tokenizer (tokenizer.json)</translation>
    </message>
    <message>
        <source>no tokenizer: %1&lt;br&gt;Chat and training need one; copy tokenizer.model or tokenizer.json from the model&apos;s download page into this folder.</source>
        <translation>kein Tokenizer: %1&lt;br&gt;Chat und Training brauchen einen; kopieren Sie tokenizer.model oder tokenizer.json von der Download-Seite des Modells in diesen Ordner.</translation>
    </message>
    <message>
        <source>not recognised: %1</source>
        <translation>nicht erkannt: %1</translation>
    </message>
    <message>
        <source>no chat template: Atelier will use a plain %1-style layout</source>
        <translation>keine Chat-Vorlage: Atelier verwendet ein schlichtes Layout im %1-Stil</translation>
    </message>
    <message>
        <source>&amp;Remove from list</source>
        <translation>Aus der Liste &amp;entfernen</translation>
    </message>
    <message>
        <source>No usable model chosen.</source>
        <translation>Kein verwendbares Modell gewählt.</translation>
    </message>
    <message>
        <source>&lt;table cellspacing=&quot;4&quot;&gt;&lt;tr&gt;&lt;td&gt;Architecture&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Size&lt;/td&gt;&lt;td&gt;%2 parameters; the weights take %3 on disk (%4)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Context&lt;/td&gt;&lt;td&gt;up to %5 tokens&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Tokenizer&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Chat format&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;To chat&lt;/td&gt;&lt;td&gt;about %8 of memory&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table cellspacing=&quot;4&quot;&gt;&lt;tr&gt;&lt;td&gt;Architektur&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Größe&lt;/td&gt;&lt;td&gt;%2 Parameter; die Gewichte belegen %3 auf der Festplatte (%4)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Kontext&lt;/td&gt;&lt;td&gt;bis zu %5 Tokens&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Tokenizer&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Chat-Format&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Zum Chatten&lt;/td&gt;&lt;td&gt;etwa %8 Speicher&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Look at this model again.</source>
        <translation>Dieses Modell erneut ansehen.</translation>
    </message>
    <message>
        <source>Estimated for LoRA with the default settings: batch %1, %2 tokens per example, rank %3.</source>
        <translation>Geschätzt für LoRA mit den Standardeinstellungen: Batch %1, %2 Tokens pro Beispiel, Rang %3.</translation>
    </message>
</context>
<context>
    <name>Atelier::NewProjectDialog</name>
    <message>
        <source>New project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>My assistant</source>
        <translation>Mein Assistent</translation>
    </message>
    <message>
        <source>Optional: what this assistant is for</source>
        <translation>Optional: wofür dieser Assistent da ist</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Ort:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Where to create the project</source>
        <translation>Wo das Projekt angelegt werden soll</translation>
    </message>
    <message>
        <source>Give the project a name.</source>
        <translation>Geben Sie dem Projekt einen Namen.</translation>
    </message>
    <message>
        <source>Choose where to create it.</source>
        <translation>Wählen Sie, wo es angelegt wird.</translation>
    </message>
    <message>
        <source>%1 already exists and is not empty; choose another name.</source>
        <translation>%1 gibt es schon, und es ist nicht leer; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The project will be created in %1</source>
        <translation>Das Projekt wird in %1 angelegt</translation>
    </message>
</context>
<context>
    <name>Atelier::PlaceholderPage</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;This step is not available in this version of Atelier yet.&lt;/b&gt; Nothing on this page does anything for now.&lt;/p&gt;&lt;p&gt;It will offer: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Dieser Schritt ist in dieser Version von Atelier noch nicht verfügbar.&lt;/b&gt; Auf dieser Seite geschieht vorerst nichts.&lt;/p&gt;&lt;p&gt;Er wird bieten: %1&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Atelier::ProjectController</name>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>%1 wird angelegt…</translation>
    </message>
    <message>
        <source>Creating the sample project…</source>
        <translation>Das Beispielprojekt wird angelegt…</translation>
    </message>
</context>
<context>
    <name>Atelier::ProjectPage</name>
    <message>
        <source>&lt;h2&gt;Loading…&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Wird geladen…&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;h1&gt;Welcome to Atelier&lt;/h1&gt;&lt;p&gt;Turn an open language model into your own assistant, on this computer. Start with a project: it keeps your data, models and training runs together in one folder.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;Willkommen bei Atelier&lt;/h1&gt;&lt;p&gt;Machen Sie aus einem offenen Sprachmodell Ihren eigenen Assistenten, auf diesem Computer. Beginnen Sie mit einem Projekt: es hält Ihre Daten, Modelle und Trainingsläufe in einem Ordner zusammen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>Neues Projekt…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>Projekt öffnen…</translation>
    </message>
    <message>
        <source>Try the sample project</source>
        <translation>Das Beispielprojekt ausprobieren</translation>
    </message>
    <message>
        <source>A small support data set for a bike workshop, ready to explore.</source>
        <translation>Ein kleiner Support-Datensatz einer Fahrradwerkstatt, bereit zum Erkunden.</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>Zuletzt geöffnete Projekte</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>Aus der Liste entfernen</translation>
    </message>
    <message>
        <source>Forget this entry. The project folder itself is not touched.</source>
        <translation>Diesen Eintrag vergessen. Der Projektordner selbst bleibt unberührt.</translation>
    </message>
    <message>
        <source>Show folder</source>
        <translation>Ordner zeigen</translation>
    </message>
    <message>
        <source>Open the project folder in the file manager.</source>
        <translation>Den Projektordner im Dateimanager öffnen.</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <source>Run the integrity check and recount everything.</source>
        <translation>Die Integritätsprüfung ausführen und alles neu zählen.</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Arbeitsablauf</translation>
    </message>
    <message>
        <source> &lt;i&gt;(not available yet)&lt;/i&gt;</source>
        <translation> &lt;i&gt;(noch nicht verfügbar)&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Recent activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>&lt;p&gt;Folder: %1&lt;br&gt;Created: %2&lt;br&gt;Health: %3&lt;br&gt;Size on disk: %4&lt;/p&gt;</source>
        <translation>&lt;p&gt;Ordner: %1&lt;br&gt;Angelegt: %2&lt;br&gt;Zustand: %3&lt;br&gt;Größe auf der Platte: %4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>all checks passed</source>
        <translation>alle Prüfungen bestanden</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1 (fehlt)</translation>
    </message>
    <message>
        <source>No projects yet. Create one, or try the sample project.</source>
        <translation>Noch keine Projekte. Legen Sie eines an oder probieren Sie das Beispielprojekt.</translation>
    </message>
</context>
<context>
    <name>Atelier::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation>Automatisch (GPU, wenn vorhanden)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA-GPU (CUDA)</translation>
    </message>
    <message>
        <source>Compute on:</source>
        <translation>Rechnen auf:</translation>
    </message>
    <message>
        <source>All cores (%1)</source>
        <translation>Alle Kerne (%1)</translation>
    </message>
    <message>
        <source>How many processor cores training and chat may use. Fewer keeps the computer responsive for other work.</source>
        <translation>Wie viele Prozessorkerne Training und Chat nutzen dürfen. Weniger lässt den Computer für andere Arbeit reaktionsschnell.</translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation>CPU-Threads:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>A new language shows after Atelier restarts.</source>
        <translation>Eine neue Sprache erscheint nach dem Neustart von Atelier.</translation>
    </message>
    <message>
        <source>Atelier will use: %1</source>
        <translation>Atelier verwendet: %1</translation>
    </message>
    <message>
        <source>the NVIDIA GPU</source>
        <translation>die NVIDIA-GPU</translation>
    </message>
    <message>
        <source>the CPU</source>
        <translation>die CPU</translation>
    </message>
</context>
<context>
    <name>Atelier::Workflow</name>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Create or open a project and see where it stands.</source>
        <translation>Ein Projekt anlegen oder öffnen und sehen, wo es steht.</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Import and clean the examples your assistant learns from.</source>
        <translation>Die Beispiele importieren und bereinigen, aus denen Ihr Assistent lernt.</translation>
    </message>
    <message>
        <source>Importing Alpaca, ShareGPT, OpenAI chat, CSV and plain text files, cleaning them (duplicates, personal data, HTML) and splitting them for training.</source>
        <translation>Import von Alpaca-, ShareGPT-, OpenAI-Chat-, CSV- und Textdateien, ihre Bereinigung (Duplikate, persönliche Daten, HTML) und die Aufteilung fürs Training.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Choose the open base model to start from.</source>
        <translation>Das offene Basismodell wählen, mit dem Sie beginnen.</translation>
    </message>
    <message>
        <source>Loading Hugging Face model folders (Llama, Mistral, Qwen2, SmolLM), their tokenizers and chat templates, and checking whether they fit this machine.</source>
        <translation>Laden von Hugging-Face-Modellordnern (Llama, Mistral, Qwen2, SmolLM) mit Tokenizern und Chat-Vorlagen und die Prüfung, ob sie auf diesen Rechner passen.</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Fine-tune the model on your data with LoRA.</source>
        <translation>Das Modell mit LoRA auf Ihre Daten feinabstimmen.</translation>
    </message>
    <message>
        <source>LoRA fine-tuning with presets, live loss curves, checkpoints and exact resume.</source>
        <translation>LoRA-Feinabstimmung mit Voreinstellungen, Live-Verlustkurven, Checkpoints und exaktem Fortsetzen.</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Bewerten</translation>
    </message>
    <message>
        <source>Let people rank answers to teach preferences.</source>
        <translation>Menschen Antworten ordnen lassen, um Vorlieben zu lehren.</translation>
    </message>
    <message>
        <source>Rater screens for ranking answers, agreement statistics, reward model and DPO training.</source>
        <translation>Bewertungsansichten zum Ordnen von Antworten, Übereinstimmungsstatistik, Belohnungsmodell und DPO-Training.</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <source>Measure how much better the model got.</source>
        <translation>Messen, wie viel besser das Modell geworden ist.</translation>
    </message>
    <message>
        <source>Perplexity, BLEU and ROUGE-L across runs, and the worst answers to read.</source>
        <translation>Perplexität, BLEU und ROUGE-L über alle Läufe, und die schlechtesten Antworten zum Nachlesen.</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Talk to your model.</source>
        <translation>Mit Ihrem Modell sprechen.</translation>
    </message>
    <message>
        <source>Streaming chat with base and fine-tuned models side by side, and feedback that becomes training data.</source>
        <translation>Streaming-Chat mit Basis- und feinabgestimmtem Modell nebeneinander, und Rückmeldungen, die zu Trainingsdaten werden.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Take the model to llama.cpp, Ollama or LM Studio.</source>
        <translation>Das Modell zu llama.cpp, Ollama oder LM Studio bringen.</translation>
    </message>
    <message>
        <source>PEFT adapters, merged models, GGUF files and Ollama Modelfiles.</source>
        <translation>PEFT-Adapter, zusammengeführte Modelle, GGUF-Dateien und Ollama-Modelfiles.</translation>
    </message>
</context>
<context>
    <name>Atelier::DataPage</name>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save the kept, cleaned rows as a JSONL file of chats (OpenAI messages format) that other training tools read. Rows left out by cleaning are not included.</source>
        <translation>Speichert die behaltenen, bereinigten Zeilen als JSONL-Datei mit Chats (OpenAI-Nachrichtenformat), die andere Trainingswerkzeuge lesen. Von der Bereinigung ausgelassene Zeilen sind nicht enthalten.</translation>
    </message>
    <message>
        <source>&amp;All kept rows…</source>
        <translation>&amp;Alle behaltenen Zeilen…</translation>
    </message>
    <message>
        <source>&amp;Training split…</source>
        <translation>&amp;Trainingsteil…</translation>
    </message>
    <message>
        <source>&amp;Validation split…</source>
        <translation>&amp;Validierungsteil…</translation>
    </message>
    <message>
        <source>T&amp;est split…</source>
        <translation>T&amp;estteil…</translation>
    </message>
    <message>
        <source>Export dataset</source>
        <translation>Datensatz exportieren</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON-Zeilen (*.jsonl)</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>%1 wird exportiert…</translation>
    </message>
    <message>
        <source>Exported %1 rows of %2 to %3.</source>
        <translation>%1 Zeilen von %2 nach %3 exportiert.</translation>
    </message>
</context>
<context>
    <name>Atelier::ImportRunPage</name>
    <message>
        <source>The import was cancelled; nothing was added.</source>
        <translation>Der Import wurde abgebrochen; nichts wurde hinzugefügt.</translation>
    </message>
</context>
<context>
    <name>Atelier::ExportPage</name>
    <message>
        <source>about %1 s left</source>
        <translation>noch etwa %1 s</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>noch etwa %1 min</translation>
    </message>
    <message>
        <source>Take your model out of Atelier: one file for llama.cpp and LM Studio (GGUF), a folder for Ollama, or Hugging Face formats for Python.</source>
        <translation>Nehmen Sie Ihr Modell aus Atelier mit: eine Datei für llama.cpp und LM Studio (GGUF), ein Ordner für Ollama oder Hugging-Face-Formate für Python.</translation>
    </message>
    <message>
        <source>A training run exports the base model with what it learned; the base model alone exports it untouched.</source>
        <translation>Ein Trainingslauf exportiert das Basismodell mit dem Gelernten; das Basismodell allein wird unverändert exportiert.</translation>
    </message>
    <message>
        <source>Other model folder…</source>
        <translation>Anderer Modellordner…</translation>
    </message>
    <message>
        <source>Export any Hugging Face model folder on this computer.</source>
        <translation>Einen beliebigen Hugging-Face-Modellordner auf diesem Computer exportieren.</translation>
    </message>
    <message>
        <source>1. What to export</source>
        <translation>1. Was exportiert wird</translation>
    </message>
    <message>
        <source>GGUF file (llama.cpp, LM Studio)</source>
        <translation>GGUF-Datei (llama.cpp, LM Studio)</translation>
    </message>
    <message>
        <source>Q8_0 – 8-bit, about a quarter of F32, nearly the same answers</source>
        <translation>Q8_0 – 8 Bit, etwa ein Viertel von F32, fast dieselben Antworten</translation>
    </message>
    <message>
        <source>F16 – half precision, exact for most uses</source>
        <translation>F16 – halbe Genauigkeit, für die meisten Zwecke exakt</translation>
    </message>
    <message>
        <source>F32 – full precision, largest</source>
        <translation>F32 – volle Genauigkeit, am größten</translation>
    </message>
    <message>
        <source>Smaller files run faster and need less memory; Q8_0 is a safe default.</source>
        <translation>Kleinere Dateien laufen schneller und brauchen weniger Speicher; Q8_0 ist eine sichere Wahl.</translation>
    </message>
    <message>
        <source>Ollama folder (GGUF + Modelfile with the chat template)</source>
        <translation>Ollama-Ordner (GGUF + Modelfile mit der Chat-Vorlage)</translation>
    </message>
    <message>
        <source>LoRA adapter only (PEFT, for Python)</source>
        <translation>Nur den LoRA-Adapter (PEFT, für Python)</translation>
    </message>
    <message>
        <source>A small folder that Hugging Face PEFT applies on top of the base model.</source>
        <translation>Ein kleiner Ordner, den Hugging Face PEFT auf das Basismodell anwendet.</translation>
    </message>
    <message>
        <source>Merged model (Hugging Face folder, for transformers)</source>
        <translation>Zusammengeführtes Modell (Hugging-Face-Ordner, für transformers)</translation>
    </message>
    <message>
        <source>2. Formats</source>
        <translation>2. Formate</translation>
    </message>
    <message>
        <source>Each format is written into its own file or folder here.</source>
        <translation>Jedes Format wird hier in eine eigene Datei oder einen eigenen Ordner geschrieben.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>3. Where to put it</source>
        <translation>3. Wohin</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Start the export (Ctrl+E). The files are checked after writing.</source>
        <translation>Export starten (Strg+E). Die Dateien werden nach dem Schreiben geprüft.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop (Esc); nothing half-written is left behind.</source>
        <translation>Anhalten (Esc); nichts halb Geschriebenes bleibt zurück.</translation>
    </message>
    <message>
        <source>After the export, the commands to run your model appear here.</source>
        <translation>Nach dem Export stehen hier die Befehle, mit denen Sie Ihr Modell starten.</translation>
    </message>
    <message>
        <source>Copy commands</source>
        <translation>Befehle kopieren</translation>
    </message>
    <message>
        <source>Copy all commands to the clipboard.</source>
        <translation>Alle Befehle in die Zwischenablage kopieren.</translation>
    </message>
    <message>
        <source>How to use it</source>
        <translation>So verwenden Sie es</translation>
    </message>
    <message>
        <source>Run "%1" (%2, %3)</source>
        <translation>Lauf „%1“ (%2, %3)</translation>
    </message>
    <message>
        <source>Run "%1", best validation checkpoint</source>
        <translation>Lauf „%1“, bester Validierungsstand</translation>
    </message>
    <message>
        <source>Base model alone: %1</source>
        <translation>Nur das Basismodell: %1</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder</source>
        <translation>Einen Hugging-Face-Modellordner auswählen</translation>
    </message>
    <message>
        <source>Choose where to put the export</source>
        <translation>Auswählen, wohin exportiert wird</translation>
    </message>
    <message>
        <source>Needs a training run: a base model alone has no adapter.</source>
        <translation>Braucht einen Trainingslauf: ein Basismodell allein hat keinen Adapter.</translation>
    </message>
    <message>
        <source>Choose where to put the export.</source>
        <translation>Wählen Sie, wohin exportiert werden soll.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>Geschrieben: %1</translation>
    </message>
    <message>
        <source>export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>Atelier::RaterScreen</name>
    <message>
        <source>  [choice %1]</source>
        <translation>  [Wahl %1]</translation>
    </message>
    <message>
        <source>%v of %m prompts</source>
        <translation>%v von %m Fragen</translation>
    </message>
    <message>
        <source>&amp;Off-topic</source>
        <translation>&amp;Themenfremd</translation>
    </message>
    <message>
        <source>&amp;Skip (S)</source>
        <translation>Ü&amp;berspringen (S)</translation>
    </message>
    <message>
        <source>&amp;Unsafe</source>
        <translation>&amp;Unsicher</translation>
    </message>
    <message>
        <source>&amp;Wrong facts</source>
        <translation>&amp;Falsche Fakten</translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;A&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;B&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;B&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>Back to the project owner's view (asks for the owner's PIN).</source>
        <translation>Zurück zur Ansicht der Projektinhaberin oder des Projektinhabers (fragt nach deren PIN).</translation>
    </message>
    <message>
        <source>Could not save this judgement: %1</source>
        <translation>Diese Bewertung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Every prompt you can rate is rated. Thank you!</source>
        <translation>Alle Fragen, die Sie bewerten können, sind bewertet. Vielen Dank!</translation>
    </message>
    <message>
        <source>Leave rater mode…</source>
        <translation>Bewertungsmodus verlassen…</translation>
    </message>
    <message>
        <source>Optional comment</source>
        <translation>Optionaler Kommentar</translation>
    </message>
    <message>
        <source>Optional: how good is the best answer, 1 (poor) to 7 (excellent).</source>
        <translation>Optional: Wie gut ist die beste Antwort, 1 (schwach) bis 7 (ausgezeichnet).</translation>
    </message>
    <message>
        <source>Rating as &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Bewertung als &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Score:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Undo last (Ctrl+Z)</source>
        <translation>Letzte rückgängig (Strg+Z)</translation>
    </message>
    <message>
        <source>Which answer is better? A, B, T = equally good, X = both bad. S skips, Ctrl+Z undoes.</source>
        <translation>Welche Antwort ist besser? A, B, T = gleich gut, X = beide schlecht. S überspringt, Strg+Z macht rückgängig.</translation>
    </message>
    <message>
        <source>no score</source>
        <translation>keine Note</translation>
    </message>
    <message>
        <source>Drag the answers into order (best on top) and press Enter, or press their numbers from best to worst.</source>
        <translation>Ziehen Sie die Antworten in eine Reihenfolge (die beste oben) und drücken Sie Enter, oder drücken Sie ihre Nummern von der besten zur schlechtesten.</translation>
    </message>
    <message>
        <source>Press the answers' numbers from best to worst (or drag them and press Enter). Backspace starts over, S skips, Ctrl+Z undoes the last judgement.</source>
        <translation>Drücken Sie die Nummern der Antworten von der besten zur schlechtesten (oder ziehen Sie sie und drücken Sie Enter). Rücktaste beginnt neu, S überspringt, Strg+Z nimmt die letzte Bewertung zurück.</translation>
    </message>
</context>
<context>
    <name>TrainingPresets</name>
    <message>
        <source>Quick try</source>
        <translation>Schneller Versuch</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>Ausgewogen</translation>
    </message>
    <message>
        <source>Thorough</source>
        <translation>Gründlich</translation>
    </message>
    <message>
        <source>A short run to check that everything works and the loss falls. At most 100 steps.</source>
        <translation>Ein kurzer Lauf, um zu prüfen, ob alles funktioniert und der Fehler sinkt. Höchstens 100 Schritte.</translation>
    </message>
    <message>
        <source>Good results for most datasets; stops by itself when the model stops improving.</source>
        <translation>Gute Ergebnisse für die meisten Datensätze; hört von selbst auf, wenn sich das Modell nicht mehr verbessert.</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Passes over the data</source>
        <translation>Durchgänge durch die Daten</translation>
    </message>
    <message>
        <source>Maximum steps</source>
        <translation>Höchstzahl an Schritten</translation>
    </message>
    <message>
        <source>Examples at once</source>
        <translation>Beispiele gleichzeitig</translation>
    </message>
    <message>
        <source>Adapter size (rank)</source>
        <translation>Adaptergröße (Rang)</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>Geduld</translation>
    </message>
    <message>
        <source>Twice as many passes with a larger adapter and a gentler learning rate. Slower, sometimes a little better.</source>
        <translation>Doppelt so viele Durchgänge mit einem größeren Adapter und einer sanfteren Lernrate. Langsamer, manchmal etwas besser.</translation>
    </message>
    <message>
        <source>How big a correction each step makes. Too high: the loss jumps or rises; too low: it barely moves.</source>
        <translation>Wie groß die Korrektur bei jedem Schritt ist. Zu hoch: Der Fehler springt oder steigt; zu niedrig: Er bewegt sich kaum.</translation>
    </message>
    <message>
        <source>How many times the model reads every training example. More passes learn more, and can memorise.</source>
        <translation>Wie oft das Modell jedes Trainingsbeispiel liest. Mehr Durchgänge lernen mehr und können auswendig lernen.</translation>
    </message>
    <message>
        <source>Stop after this many steps whatever the passes say (0 = no limit).</source>
        <translation>Nach so vielen Schritten anhalten, unabhängig von den Durchgängen (0 = keine Grenze).</translation>
    </message>
    <message>
        <source>Examples processed together (short ones share a batch in greater numbers). Larger is faster but needs more memory.</source>
        <translation>Gemeinsam verarbeitete Beispiele (kurze teilen sich einen Stapel in größerer Zahl). Mehr ist schneller, braucht aber mehr Speicher.</translation>
    </message>
    <message>
        <source>Batches per step</source>
        <translation>Stapel pro Schritt</translation>
    </message>
    <message>
        <source>Adds up several batches before one correction: a large batch's effect without its memory.</source>
        <translation>Sammelt mehrere Stapel vor einer Korrektur: die Wirkung eines großen Stapels ohne dessen Speicherbedarf.</translation>
    </message>
    <message>
        <source>Longest example (tokens)</source>
        <translation>Längstes Beispiel (Tokens)</translation>
    </message>
    <message>
        <source>Longer examples are cut here. Longer needs more memory; too short loses the ends of answers.</source>
        <translation>Längere Beispiele werden hier abgeschnitten. Länger braucht mehr Speicher; zu kurz verliert die Enden der Antworten.</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>Aufwärmschritte</translation>
    </message>
    <message>
        <source>The first steps start gently and speed up, which keeps the start of training stable.</source>
        <translation>Die ersten Schritte beginnen sanft und werden schneller, was den Trainingsbeginn stabil hält.</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>Lernratenverlauf</translation>
    </message>
    <message>
        <source>How the learning rate shrinks towards the end: cosine (smooth), linear, or constant.</source>
        <translation>Wie die Lernrate zum Ende hin sinkt: cosine (gleichmäßig), linear oder konstant.</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>Gradientenbegrenzung</translation>
    </message>
    <message>
        <source>Caps how large one correction can be, so a strange example cannot derail training (0 = off).</source>
        <translation>Begrenzt, wie groß eine Korrektur sein kann, damit ein ungewöhnliches Beispiel das Training nicht entgleisen lässt (0 = aus).</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Gewichtsabnahme</translation>
    </message>
    <message>
        <source>Gently pulls the adapter towards zero to avoid over-fitting. 0 is usual for LoRA.</source>
        <translation>Zieht den Adapter sanft gegen null, um Überanpassung zu vermeiden. 0 ist bei LoRA üblich.</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>Startwert für Zufallszahlen</translation>
    </message>
    <message>
        <source>The same seed with the same settings gives exactly the same run.</source>
        <translation>Derselbe Startwert mit denselben Einstellungen ergibt genau denselben Lauf.</translation>
    </message>
    <message>
        <source>Check every (steps)</source>
        <translation>Prüfen alle (Schritte)</translation>
    </message>
    <message>
        <source>How often the model is tested on the validation examples it never trains on (0 = once per pass).</source>
        <translation>Wie oft das Modell an den Validierungsbeispielen geprüft wird, mit denen es nie trainiert (0 = einmal pro Durchgang).</translation>
    </message>
    <message>
        <source>Save every (steps)</source>
        <translation>Speichern alle (Schritte)</translation>
    </message>
    <message>
        <source>How often a checkpoint is written, so a crash or Stop loses little (0 = once per pass).</source>
        <translation>Wie oft ein Zwischenstand gespeichert wird, damit bei einem Absturz oder Stopp wenig verloren geht (0 = einmal pro Durchgang).</translation>
    </message>
    <message>
        <source>Checkpoints kept</source>
        <translation>Behaltene Zwischenstände</translation>
    </message>
    <message>
        <source>How many recent checkpoints stay on disk besides the best one.</source>
        <translation>Wie viele der letzten Zwischenstände neben dem besten auf dem Datenträger bleiben.</translation>
    </message>
    <message>
        <source>Stop when the validation loss has not improved this many checks in a row (0 = never stop early).</source>
        <translation>Anhalten, wenn sich der Validierungsfehler so viele Prüfungen hintereinander nicht verbessert hat (0 = nie vorzeitig anhalten).</translation>
    </message>
    <message>
        <source>How much the adapter can learn. 8–16 suits most tasks; larger learns more and trains slower.</source>
        <translation>Wie viel der Adapter lernen kann. 8–16 passt für die meisten Aufgaben; größer lernt mehr und trainiert langsamer.</translation>
    </message>
    <message>
        <source>Adapter strength (alpha)</source>
        <translation>Adapterstärke (Alpha)</translation>
    </message>
    <message>
        <source>How strongly the adapter changes the model; usually twice the rank.</source>
        <translation>Wie stark der Adapter das Modell verändert; meist das Doppelte des Rangs.</translation>
    </message>
    <message>
        <source>Adapter dropout</source>
        <translation>Adapter-Dropout</translation>
    </message>
    <message>
        <source>Randomly ignores part of the adapter while training, which helps small datasets generalise.</source>
        <translation>Ignoriert beim Training zufällig einen Teil des Adapters, was kleinen Datensätzen beim Verallgemeinern hilft.</translation>
    </message>
    <message>
        <source>Rank-stabilised scaling</source>
        <translation>Rangstabilisierte Skalierung</translation>
    </message>
    <message>
        <source>Scales the adapter by alpha/√rank instead of alpha/rank; helps with large ranks.</source>
        <translation>Skaliert den Adapter mit alpha/√Rang statt alpha/Rang; hilft bei großen Rängen.</translation>
    </message>
    <message>
        <source>Adapted layers</source>
        <translation>Angepasste Schichten</translation>
    </message>
    <message>
        <source>Which parts of each layer get an adapter. All seven learns most; q_proj,v_proj is the smallest.</source>
        <translation>Welche Teile jeder Schicht einen Adapter erhalten. Alle sieben lernen am meisten; q_proj,v_proj ist die kleinste Wahl.</translation>
    </message>
    <message>
        <source>Learn only the answers</source>
        <translation>Nur die Antworten lernen</translation>
    </message>
    <message>
        <source>The model learns to write the assistant's replies, not to repeat the questions.</source>
        <translation>Das Modell lernt, die Antworten des Assistenten zu schreiben, nicht die Fragen zu wiederholen.</translation>
    </message>
    <message>
        <source>Save memory (slower)</source>
        <translation>Speicher sparen (langsamer)</translation>
    </message>
    <message>
        <source>Recomputes intermediate results instead of keeping them: much less memory, about a third slower.</source>
        <translation>Berechnet Zwischenergebnisse neu, statt sie aufzubewahren: viel weniger Speicher, etwa ein Drittel langsamer.</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Where training runs: auto picks the graphics card when there is one.</source>
        <translation>Wo das Training läuft: auto wählt die Grafikkarte, wenn eine vorhanden ist.</translation>
    </message>
    <message>
        <source>Number precision</source>
        <translation>Zahlengenauigkeit</translation>
    </message>
    <message>
        <source>bf16 trains faster and needs less memory where the hardware has it; auto uses it there.</source>
        <translation>bf16 trainiert schneller und braucht weniger Speicher, wo die Hardware es unterstützt; auto nutzt es dort.</translation>
    </message>
    <message>
        <source>Chat format</source>
        <translation>Chatformat</translation>
    </message>
    <message>
        <source>The conversation format the model expects; empty uses the model's own.</source>
        <translation>Das Gesprächsformat, das das Modell erwartet; leer verwendet das modelleigene.</translation>
    </message>
    <message>
        <source>Prefer the chosen answers (DPO)</source>
        <translation>Die gewählten Antworten bevorzugen (DPO)</translation>
    </message>
    <message>
        <source>Reward model (scores answers)</source>
        <translation>Belohnungsmodell (bewertet Antworten)</translation>
    </message>
    <message>
        <source>Fine-tune on examples</source>
        <translation>Mit Beispielen feinabstimmen</translation>
    </message>
    <message>
        <source>Learns from pairs of a better and a worse answer to write more like the better one. Needs a preference dataset.</source>
        <translation>Lernt aus Paaren einer besseren und einer schlechteren Antwort, mehr wie die bessere zu schreiben. Braucht einen Präferenz-Datensatz.</translation>
    </message>
    <message>
        <source>Trains a judge that gives an answer a score: higher for answers like the chosen ones. It does not chat. Needs a preference dataset.</source>
        <translation>Trainiert einen Bewerter, der einer Antwort eine Punktzahl gibt: höher für Antworten wie die gewählten. Er chattet nicht. Braucht einen Präferenz-Datensatz.</translation>
    </message>
    <message>
        <source>Teaches the model to answer like the examples (questions with their answers).</source>
        <translation>Bringt dem Modell bei, wie die Beispiele zu antworten (Fragen mit ihren Antworten).</translation>
    </message>
    <message>
        <source>DPO</source>
        <translation>DPO</translation>
    </message>
    <message>
        <source>Reward model</source>
        <translation>Belohnungsmodell</translation>
    </message>
    <message>
        <source>Continued pretraining</source>
        <translation>Fortgesetztes Vortraining</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Feinabstimmung</translation>
    </message>
    <message>
        <source>What to train</source>
        <translation>Was trainiert wird</translation>
    </message>
    <message>
        <source>Fine-tune on examples, prefer the chosen answers of pairs (DPO), or train a reward model.</source>
        <translation>Mit Beispielen feinabstimmen, die gewählten Antworten von Paaren bevorzugen (DPO) oder ein Belohnungsmodell trainieren.</translation>
    </message>
    <message>
        <source>Beta (DPO)</source>
        <translation>Beta (DPO)</translation>
    </message>
    <message>
        <source>How closely the model stays to the base model: larger stays closer, smaller follows the preferences more boldly. 0.1 is usual.</source>
        <translation>Wie nah das Modell am Basismodell bleibt: größer bleibt näher, kleiner folgt den Präferenzen mutiger. Üblich ist 0,1.</translation>
    </message>
</context>
<context>
    <name>Atelier::TrainPage</name>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>&amp;Pause / Stop</source>
        <translation>&amp;Pause / Stopp</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>What to train</source>
        <translation>Was trainiert wird</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Wie</translation>
    </message>
    <message>
        <source>No run yet.</source>
        <translation>Noch kein Lauf.</translation>
    </message>
    <message>
        <source>Training finished</source>
        <translation>Training abgeschlossen</translation>
    </message>
    <message>
        <source>Training paused</source>
        <translation>Training pausiert</translation>
    </message>
    <message>
        <source>Open or create a project first (the Project step), or open the sample project.</source>
        <translation>Öffnen oder erstellen Sie zuerst ein Projekt (Schritt „Projekt“), oder öffnen Sie das Beispielprojekt.</translation>
    </message>
    <message>
        <source>The examples the model learns from (imported in the Data step).</source>
        <translation>Die Beispiele, aus denen das Modell lernt (im Schritt „Daten“ importiert).</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>&amp;Datensatz:</translation>
    </message>
    <message>
        <source>The base model folder (chosen in the Model step).</source>
        <translation>Der Ordner des Basismodells (im Schritt „Modell“ gewählt).</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Base &amp;model:</source>
        <translation>Basis&amp;modell:</translation>
    </message>
    <message>
        <source>Start a new run with these settings (Ctrl+Return).</source>
        <translation>Einen neuen Lauf mit diesen Einstellungen starten (Strg+Enter).</translation>
    </message>
    <message>
        <source>(Ctrl+.) Saves a checkpoint, then stops. Nothing is lost: Resume continues exactly where it stopped, now or another day.</source>
        <translation>(Strg+.) Speichert einen Zwischenstand und hält dann an. Nichts geht verloren: „Fortsetzen“ macht genau dort weiter, wo der Lauf angehalten hat, jetzt oder an einem anderen Tag.</translation>
    </message>
    <message>
        <source>Continue the selected run from its last checkpoint.</source>
        <translation>Den gewählten Lauf ab seinem letzten Zwischenstand fortsetzen.</translation>
    </message>
    <message>
        <source>%v of %m steps</source>
        <translation>%v von %m Schritten</translation>
    </message>
    <message>
        <source>Runs (tick one to overlay its curve, click to show it):</source>
        <translation>Läufe (ankreuzen, um die Kurve einzublenden; anklicken, um den Lauf zu zeigen):</translation>
    </message>
    <message>
        <source>The training worker stopped: %1</source>
        <translation>Der Trainingsprozess hat aufgehört: %1</translation>
    </message>
    <message>
        <source>Base model folder</source>
        <translation>Ordner des Basismodells</translation>
    </message>
    <message>
        <source>Measuring the dataset and the model…</source>
        <translation>Datensatz und Modell werden vermessen…</translation>
    </message>
    <message>
        <source>Choose a base model folder (the Model step).</source>
        <translation>Wählen Sie einen Ordner eines Basismodells (Schritt „Modell“).</translation>
    </message>
    <message>
        <source>this computer&apos;s memory</source>
        <translation>Arbeitsspeicher dieses Computers</translation>
    </message>
    <message>
        <source>Fit check: %1</source>
        <translation>Passt es? %1</translation>
    </message>
    <message>
        <source>Suggestion: %1</source>
        <translation>Vorschlag: %1</translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation>Öffnen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <source>A run is already going on: stop it first.</source>
        <translation>Es läuft bereits ein Lauf: Halten Sie ihn zuerst an.</translation>
    </message>
    <message>
        <source>Choose a dataset (import one in the Data step).</source>
        <translation>Wählen Sie einen Datensatz (importieren Sie einen im Schritt „Daten“).</translation>
    </message>
    <message>
        <source>Choose a base model folder.</source>
        <translation>Wählen Sie einen Ordner eines Basismodells.</translation>
    </message>
    <message>
        <source>Suggestions:
• %1</source>
        <translation>Vorschläge:
• %1</translation>
    </message>
    <message>
        <source>This will probably not fit</source>
        <translation>Das passt wahrscheinlich nicht</translation>
    </message>
    <message>
        <source>Start anyway?</source>
        <translation>Trotzdem starten?</translation>
    </message>
    <message>
        <source>Cannot create the run folder %1</source>
        <translation>Der Ordner für den Lauf kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Starting: loading the model and the data…</source>
        <translation>Start: Modell und Daten werden geladen…</translation>
    </message>
    <message>
        <source>Stopped before training began; press Start for a new run.</source>
        <translation>Vor Beginn des Trainings angehalten; drücken Sie „Starten“ für einen neuen Lauf.</translation>
    </message>
    <message>
        <source>The run did not start.</source>
        <translation>Der Lauf hat nicht begonnen.</translation>
    </message>
    <message>
        <source>Stopping: saving a checkpoint…</source>
        <translation>Wird angehalten: Zwischenstand wird gespeichert…</translation>
    </message>
    <message>
        <source>Select a paused run in the list first.</source>
        <translation>Wählen Sie zuerst einen pausierten Lauf in der Liste.</translation>
    </message>
    <message>
        <source>Only a paused or interrupted run can be resumed.</source>
        <translation>Nur ein pausierter oder unterbrochener Lauf kann fortgesetzt werden.</translation>
    </message>
    <message>
        <source>Resuming from the last checkpoint…</source>
        <translation>Wird ab dem letzten Zwischenstand fortgesetzt…</translation>
    </message>
    <message>
        <source>About %1 left · %2 tokens/s · %3 MB in use</source>
        <translation>Noch etwa %1 · %2 Tokens/s · %3 MB belegt</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>Lauf %1: %2</translation>
    </message>
    <message>
        <source>Run %1 has finished; the adapter is ready.</source>
        <translation>Lauf %1 ist abgeschlossen; der Adapter ist fertig.</translation>
    </message>
    <message>
        <source>Run %1 saved a checkpoint and stopped. Resume continues it.</source>
        <translation>Lauf %1 hat einen Zwischenstand gespeichert und angehalten. „Fortsetzen“ macht weiter.</translation>
    </message>
    <message>
        <source>Training ended</source>
        <translation>Training beendet</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>Der Lauf ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The adapter (PEFT format) is in %1; try it in the Chat step.</source>
        <translation>Der Adapter (PEFT-Format) liegt in %1; probieren Sie ihn im Schritt „Chat“ aus.</translation>
    </message>
    <message>
        <source>&amp;Goal:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <source>This needs preference pairs: a question with a better (chosen) and a worse (rejected) answer. Import a pairs file (prompt, chosen, rejected) in the Data step, or rank answers in the Rank step and export the judgements as a dataset.</source>
        <translation>Dafür braucht es Präferenzpaare: eine Frage mit einer besseren (gewählten) und einer schlechteren (abgelehnten) Antwort. Importieren Sie eine Paar-Datei (prompt, chosen, rejected) im Schritt „Daten“, oder bewerten Sie Antworten im Schritt „Bewerten“ und exportieren Sie die Urteile als Datensatz.</translation>
    </message>
    <message>
        <source>This needs examples (questions with their answers, or plain text): import them in the Data step.</source>
        <translation>Dafür braucht es Beispiele (Fragen mit ihren Antworten oder reinen Text): importieren Sie sie im Schritt „Daten“.</translation>
    </message>
    <message>
        <source>Choose a preference dataset (import a pairs file in the Data step, or export judgements from the Rank step).</source>
        <translation>Wählen Sie einen Präferenz-Datensatz (importieren Sie eine Paar-Datei im Schritt „Daten“ oder exportieren Sie Urteile aus dem Schritt „Bewerten“).</translation>
    </message>
    <message>
        <source>The reward model (a PEFT adapter with a score head) is in %1. It scores answers, for ranking them; it cannot chat.</source>
        <translation>Das Belohnungsmodell (ein PEFT-Adapter mit Bewertungskopf) liegt in %1. Es bewertet Antworten, um sie zu ordnen; chatten kann es nicht.</translation>
    </message>
</context>
<context>
    <name>Atelier::TrainSettingsForm</name>
    <message>
        <source>Advanced settings</source>
        <translation>Erweiterte Einstellungen</translation>
    </message>
</context>
<context>
    <name>Atelier::TrainingChart</name>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <source>Val. accuracy</source>
        <translation>Val.-Genauigkeit</translation>
    </message>
    <message>
        <source>Val. margin</source>
        <translation>Val.-Abstand</translation>
    </message>
    <message>
        <source>Smoothed loss</source>
        <translation>Geglätteter Verlust</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Trainingsfehler</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Validierungsfehler</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Loss (lower is better)</source>
        <translation>Fehler (niedriger ist besser)</translation>
    </message>
    <message>
        <source>Drag to move, wheel to zoom, double-click to follow the run again.</source>
        <translation>Ziehen zum Verschieben, Mausrad zum Zoomen, Doppelklick, um wieder dem Lauf zu folgen.</translation>
    </message>
    <message>
        <source>Step %1
Loss %2 (smoothed %3)
Learning rate %4</source>
        <translation>Schritt %1
Fehler %2 (geglättet %3)
Lernrate %4</translation>
    </message>
    <message>
        <source>
Validation loss %1</source>
        <translation>
Validierungsfehler %1</translation>
    </message>
    <message>
        <source>Reward margin</source>
        <translation>Belohnungsabstand</translation>
    </message>
    <message>
        <source>
Reward accuracy %1 (smoothed %2)
Reward margin %3 (smoothed %4)</source>
        <translation>
Belohnungsgenauigkeit %1 (geglättet %2)
Belohnungsabstand %3 (geglättet %4)</translation>
    </message>
    <message>
        <source>
Validation accuracy %1, margin %2</source>
        <translation>
Validierungsgenauigkeit %1, Abstand %2</translation>
    </message>
</context>
<context>
    <name>Atelier::ChatPage</name>
    <message>
        <source>answer %1 of %2 chosen by the reward model (scores %3)</source>
        <translation>Antwort %1 von %2 vom Belohnungsmodell gewählt (Bewertungen %3)</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Chat&lt;/h2&gt;&lt;p&gt;Talk to the base model or to what your fine-tuning made of it. Mark good and bad answers, or write the answer you wanted: it is saved to the &lt;i&gt;feedback&lt;/i&gt; dataset, so the next fine-tune learns from it.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Chat&lt;/h2&gt;&lt;p&gt;Sprechen Sie mit dem Basismodell oder mit dem, was Ihre Feinabstimmung daraus gemacht hat. Markieren Sie gute und schlechte Antworten oder schreiben Sie die Antwort, die Sie sich gewünscht hätten: Sie wird im Datensatz &lt;i&gt;feedback&lt;/i&gt; gespeichert, sodass die nächste Feinabstimmung daraus lernt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N).</source>
        <translation>Eine neue Unterhaltung beginnen (Strg+N).</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>Löschen rückgängig machen</translation>
    </message>
    <message>
        <source>The second configuration: the same prompts go to it, answered in this column.</source>
        <translation>Die zweite Einstellung: Sie bekommt dieselben Nachrichten und antwortet in dieser Spalte.</translation>
    </message>
    <message>
        <source>Write a message. Ctrl+Enter sends, Esc stops the answer.</source>
        <translation>Schreiben Sie eine Nachricht. Strg+Enter sendet, Esc hält die Antwort an.</translation>
    </message>
    <message>
        <source>Compare side by side</source>
        <translation>Nebeneinander vergleichen</translation>
    </message>
    <message>
        <source>Send each message to a second model or fine-tuning too, and see both answers next to each other.</source>
        <translation>Jede Nachricht auch an ein zweites Modell oder eine zweite Feinabstimmung senden und beide Antworten nebeneinander sehen.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop the answer where it is (Esc).</source>
        <translation>Die Antwort an dieser Stelle anhalten (Esc).</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send the message (Ctrl+Enter).</source>
        <translation>Die Nachricht senden (Strg+Enter).</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>Nachricht bearbeiten</translation>
    </message>
    <message>
        <source>The answers after this message are replaced by new ones:</source>
        <translation>Die Antworten nach dieser Nachricht werden durch neue ersetzt:</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>Begonnen am %1</translation>
    </message>
    <message>
        <source>Chat %1</source>
        <translation>Chat %1</translation>
    </message>
    <message>
        <source>Could not create the chat: %1</source>
        <translation>Der Chat konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation>Chat umbenennen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Could not rename the chat: %1</source>
        <translation>Der Chat konnte nicht umbenannt werden: %1</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>Chat löschen</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot; and its messages? Feedback already given stays in the feedback dataset.</source>
        <translation>„%1“ mit allen Nachrichten löschen? Bereits gegebene Rückmeldungen bleiben im Datensatz feedback.</translation>
    </message>
    <message>
        <source>Could not delete the chat: %1</source>
        <translation>Der Chat konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>Could not bring the chat back: %1</source>
        <translation>Der Chat konnte nicht wiederhergestellt werden: %1</translation>
    </message>
    <message>
        <source>Could not save the chat&apos;s settings: %1</source>
        <translation>Die Einstellungen des Chats konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Choose a base model on the right first (a run&apos;s fine-tuning chooses its model).</source>
        <translation>Wählen Sie zuerst rechts ein Basismodell (die Feinabstimmung eines Laufs bestimmt ihr Modell selbst).</translation>
    </message>
    <message>
        <source>Could not save the message: %1</source>
        <translation>Die Nachricht konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Schreibt…</translation>
    </message>
    <message>
        <source>The model could not answer: %1</source>
        <translation>Das Modell konnte nicht antworten: %1</translation>
    </message>
    <message>
        <source>Could not save the answer: %1</source>
        <translation>Die Antwort konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <source> · stopped</source>
        <translation> · angehalten</translation>
    </message>
    <message>
        <source> · reached the longest answer</source>
        <translation> · längste Antwort erreicht</translation>
    </message>
    <message>
        <source>Could not replace the answer: %1</source>
        <translation>Die Antwort konnte nicht ersetzt werden: %1</translation>
    </message>
    <message>
        <source>Could not edit the message: %1</source>
        <translation>Die Nachricht konnte nicht bearbeitet werden: %1</translation>
    </message>
    <message>
        <source>Could not save the feedback: %1</source>
        <translation>Die Rückmeldung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Saved to the feedback dataset: the next fine-tune can learn from it.</source>
        <translation>Im Datensatz feedback gespeichert: Die nächste Feinabstimmung kann daraus lernen.</translation>
    </message>
    <message>
        <source>Feedback saved.</source>
        <translation>Rückmeldung gespeichert.</translation>
    </message>
    <message>
        <source>Write the better answer</source>
        <translation>Die bessere Antwort schreiben</translation>
    </message>
    <message>
        <source>The answer you would have wanted. It is saved as a training example, with the model&apos;s answer as the worse one of the pair:</source>
        <translation>Die Antwort, die Sie sich gewünscht hätten. Sie wird als Trainingsbeispiel gespeichert, mit der Antwort des Modells als der schlechteren des Paars:</translation>
    </message>
</context>
<context>
    <name>Atelier::ChatSettingsPanel</name>
    <message>
        <source>&amp;Best of:</source>
        <translation>&amp;Beste aus:</translation>
    </message>
    <message>
        <source>Writes this many answers and shows the one the reward model rates highest (that many times slower). 1 writes a single answer.</source>
        <translation>Schreibt so viele Antworten und zeigt die, die das Belohnungsmodell am höchsten einstuft (entsprechend langsamer). 1 schreibt eine einzige Antwort.</translation>
    </message>
    <message>
        <source>Reward model:</source>
        <translation>Belohnungsmodell:</translation>
    </message>
    <message>
        <source>Judges the answers for Best of. Train one in the Train step on preference pairs (goal: Reward model).</source>
        <translation>Beurteilt die Antworten für „Beste aus“. Trainieren Sie eines im Schritt Trainieren mit Präferenzpaaren (Ziel: Belohnungsmodell).</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keines</translation>
    </message>
    <message>
        <source>%1: final</source>
        <translation>%1: final</translation>
    </message>
    <message>
        <source>%1: best</source>
        <translation>%1: bester Stand</translation>
    </message>
    <message>
        <source>System prompts you saved; choosing one fills the box below.</source>
        <translation>Gespeicherte Systemanweisungen; eine Auswahl füllt das Feld darunter.</translation>
    </message>
    <message>
        <source>Save as preset…</source>
        <translation>Als Vorlage speichern…</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>Systemanweisung:</translation>
    </message>
    <message>
        <source>Instructions the assistant follows in every answer, e.g. &quot;Answer briefly, in plain English.&quot; Leave empty for none.</source>
        <translation>Anweisungen, die der Assistent bei jeder Antwort befolgt, z. B. „Antworten Sie kurz und in einfachem Deutsch.“ Leer lassen für keine.</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <source>How adventurous the wording is. 0 always picks the likeliest word (same answer every time); around 0.7 is natural; above 1 gets creative and less reliable.</source>
        <translation>Wie wagemutig die Wortwahl ist. 0 nimmt immer das wahrscheinlichste Wort (jedes Mal dieselbe Antwort); um 0,7 klingt natürlich; über 1 wird es kreativ und weniger verlässlich.</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Only choose among the likeliest words that together make up this share of the chances. Lower is safer, 1 turns it off.</source>
        <translation>Nur unter den wahrscheinlichsten Wörtern wählen, die zusammen diesen Anteil der Wahrscheinlichkeit ausmachen. Niedriger ist sicherer, 1 schaltet es ab.</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <source>Only choose among this many likeliest words. 0 turns it off.</source>
        <translation>Nur unter so vielen der wahrscheinlichsten Wörter wählen. 0 schaltet es ab.</translation>
    </message>
    <message>
        <source>Repetition penalty:</source>
        <translation>Wiederholungsstrafe:</translation>
    </message>
    <message>
        <source>Makes words already used less likely, against answers that go round in circles. 1 turns it off.</source>
        <translation>Macht bereits verwendete Wörter unwahrscheinlicher, gegen Antworten, die sich im Kreis drehen. 1 schaltet es ab.</translation>
    </message>
    <message>
        <source>Longest answer:</source>
        <translation>Längste Antwort:</translation>
    </message>
    <message>
        <source>The answer stops after this many tokens (a token is about ¾ of a word).</source>
        <translation>Die Antwort endet nach so vielen Tokens (ein Token ist etwa ¾ eines Wortes).</translation>
    </message>
    <message>
        <source>(presets)</source>
        <translation>(Vorlagen)</translation>
    </message>
    <message>
        <source>Save system prompt</source>
        <translation>Systemanweisung speichern</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>Name der Vorlage:</translation>
    </message>
</context>
<context>
    <name>Atelier::ChatTranscript</name>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>Bearbeiten und erneut senden</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>👍 Good (saved)</source>
        <translation>👍 Gut (gespeichert)</translation>
    </message>
    <message>
        <source>👍 Good</source>
        <translation>👍 Gut</translation>
    </message>
    <message>
        <source>👎 Bad (saved)</source>
        <translation>👎 Schlecht (gespeichert)</translation>
    </message>
    <message>
        <source>👎 Bad</source>
        <translation>👎 Schlecht</translation>
    </message>
    <message>
        <source>Better answer (saved)…</source>
        <translation>Bessere Antwort (gespeichert)…</translation>
    </message>
    <message>
        <source>Write the better answer…</source>
        <translation>Die bessere Antwort schreiben…</translation>
    </message>
</context>
<context>
    <name>Atelier::ModelAdapterPicker</name>
    <message>
        <source>The base model folder (a Hugging Face download) to talk to.</source>
        <translation>Der Ordner des Basismodells (ein Hugging-Face-Download), mit dem Sie sprechen.</translation>
    </message>
    <message>
        <source>What your fine-tuning learned, applied on top of the base model: the final result of a run, its best checkpoint by validation loss, or any saved checkpoint.</source>
        <translation>Was Ihre Feinabstimmung gelernt hat, angewendet auf das Basismodell: das Endergebnis eines Laufs, sein bester Zwischenstand nach Validierungsfehler oder ein beliebiger gespeicherter Zwischenstand.</translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>Basismodell:</translation>
    </message>
    <message>
        <source>Fine-tuning:</source>
        <translation>Feinabstimmung:</translation>
    </message>
    <message>
        <source>Choose a base model folder</source>
        <translation>Ordner eines Basismodells wählen</translation>
    </message>
    <message>
        <source>Choose an adapter folder</source>
        <translation>Adapter-Ordner wählen</translation>
    </message>
    <message>
        <source>(choose a model)</source>
        <translation>(Modell wählen)</translation>
    </message>
    <message>
        <source>None: the base model alone</source>
        <translation>Keine: nur das Basismodell</translation>
    </message>
    <message>
        <source>%1: final</source>
        <translation>%1: Endstand</translation>
    </message>
    <message>
        <source>%1: best</source>
        <translation>%1: bester Stand</translation>
    </message>
    <message>
        <source>%1: checkpoint at step %2</source>
        <translation>%1: Zwischenstand bei Schritt %2</translation>
    </message>
    <message>
        <source>Other folder…</source>
        <translation>Anderer Ordner…</translation>
    </message>
    <message>
        <source>Other adapter folder…</source>
        <translation>Anderer Adapter-Ordner…</translation>
    </message>
</context>
<context>
    <name>Atelier::RankPage</name>
    <message>
        <source>&amp;Rater:</source>
        <translation>&amp;Bewertende Person:</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Adapter folder</source>
        <translation>Adapter-Ordner</translation>
    </message>
    <message>
        <source>Prompts to rate</source>
        <translation>Zu bewertende Fragen</translation>
    </message>
    <message>
        <source>A prompt set: the questions raters see, each with several answers to compare.</source>
        <translation>Ein Fragensatz: die Fragen, die Bewertende sehen, jede mit mehreren Antworten zum Vergleichen.</translation>
    </message>
    <message>
        <source>Type prompts…</source>
        <translation>Fragen eingeben…</translation>
    </message>
    <message>
        <source>From a dataset…</source>
        <translation>Aus einem Datensatz…</translation>
    </message>
    <message>
        <source>Use the questions of a dataset in this project as prompts.</source>
        <translation>Die Fragen eines Datensatzes in diesem Projekt als Fragen verwenden.</translation>
    </message>
    <message>
        <source>Answers to rank</source>
        <translation>Zu ordnende Antworten</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Optional: a fine-tuned adapter folder</source>
        <translation>Optional: ein Ordner mit einem feinabgestimmten Adapter</translation>
    </message>
    <message>
        <source>How many different answers each prompt gets.</source>
        <translation>Wie viele verschiedene Antworten jede Frage bekommt.</translation>
    </message>
    <message>
        <source>Higher values make the answers more varied.</source>
        <translation>Höhere Werte machen die Antworten abwechslungsreicher.</translation>
    </message>
    <message>
        <source>&amp;Generate answers</source>
        <translation>Antworten &amp;erzeugen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Adapter:</source>
        <translation>Adapter:</translation>
    </message>
    <message>
        <source>Answers per prompt:</source>
        <translation>Antworten pro Frage:</translation>
    </message>
    <message>
        <source>Variety (temperature):</source>
        <translation>Vielfalt (Temperatur):</translation>
    </message>
    <message>
        <source>Raters</source>
        <translation>Bewertende</translation>
    </message>
    <message>
        <source>How many different people rate each prompt.</source>
        <translation>Wie viele verschiedene Personen jede Frage bewerten.</translation>
    </message>
    <message>
        <source>Owner PIN…</source>
        <translation>PIN festlegen…</translation>
    </message>
    <message>
        <source>Raters need this PIN to leave rater mode.</source>
        <translation>Bewertende brauchen diese PIN, um den Bewertungsmodus zu verlassen.</translation>
    </message>
    <message>
        <source>The rater&apos;s name: pick one or type a new one.</source>
        <translation>Der Name der bewertenden Person: Wählen Sie einen aus oder geben Sie einen neuen ein.</translation>
    </message>
    <message>
        <source>Rank all answers</source>
        <translation>Alle Antworten ordnen</translation>
    </message>
    <message>
        <source>Compare two (A/B)</source>
        <translation>Zwei vergleichen (A/B)</translation>
    </message>
    <message>
        <source>&amp;Start rating</source>
        <translation>Bewertung &amp;starten</translation>
    </message>
    <message>
        <source>Raters per prompt:</source>
        <translation>Bewertende pro Frage:</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Prompts where raters disagree most: worth reading again.</source>
        <translation>Fragen, bei denen die Bewertenden am wenigsten übereinstimmen: einen zweiten Blick wert.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Export judgements…</source>
        <translation>Bewertungen exportieren…</translation>
    </message>
    <message>
        <source>A file with this computer&apos;s judgements, to merge into the owner&apos;s project.</source>
        <translation>Eine Datei mit den Bewertungen dieses Computers, zum Zusammenführen in das Projekt der Projektinhaberin oder des Projektinhabers.</translation>
    </message>
    <message>
        <source>Import judgements…</source>
        <translation>Bewertungen importieren…</translation>
    </message>
    <message>
        <source>Merge a rater&apos;s file; judgements already here are skipped.</source>
        <translation>Die Datei einer bewertenden Person zusammenführen; bereits vorhandene Bewertungen werden übersprungen.</translation>
    </message>
    <message>
        <source>Export preference pairs…</source>
        <translation>Präferenzpaare exportieren…</translation>
    </message>
    <message>
        <source>prompt/chosen/rejected lines (TRL&apos;s DPO layout), also kept as a dataset of this project.</source>
        <translation>Zeilen mit prompt/chosen/rejected (DPO-Aufbau von TRL), zusätzlich als Datensatz dieses Projekts gespeichert.</translation>
    </message>
    <message>
        <source>Leave rater mode</source>
        <translation>Bewertungsmodus verlassen</translation>
    </message>
    <message>
        <source>Owner&apos;s PIN:</source>
        <translation>PIN der Projektinhaberin oder des Projektinhabers:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Falsche PIN.</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n prompts)</source>
        <translation>
            <numerusform>%1 (%n Frage)</numerusform>
            <numerusform>%1 (%n Fragen)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 judgements (%2 skipped) on %3 of %4 prompts.</source>
        <translation>%1 Bewertungen (%2 übersprungen) zu %3 von %4 Fragen.</translation>
    </message>
    <message>
        <source>%1: %2 judged, %3 skipped, about %4 s each.</source>
        <translation>%1: %2 bewertet, %3 übersprungen, etwa %4 s pro Stück.</translation>
    </message>
    <message>
        <source>Raters agree on %1 of compared answer pairs; Krippendorff&apos;s alpha %2 (1 = full agreement, 0 = chance).</source>
        <translation>Die Bewertenden stimmen bei %1 der verglichenen Antwortpaare überein; Krippendorffs Alpha %2 (1 = volle Übereinstimmung, 0 = Zufall).</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>prompts</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>Prompt set</source>
        <translation>Fragensatz</translation>
    </message>
    <message>
        <source>Add to the prompt set:</source>
        <translation>Zum Fragensatz hinzufügen:</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>One prompt per line:</source>
        <translation>Eine Frage pro Zeile:</translation>
    </message>
    <message numerus="yes">
        <source>%n new prompts.</source>
        <translation>
            <numerusform>%n neue Frage.</numerusform>
            <numerusform>%n neue Fragen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Prompts from a dataset</source>
        <translation>Fragen aus einem Datensatz</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Datensatz:</translation>
    </message>
    <message>
        <source>Choose the model folder that writes the answers.</source>
        <translation>Wählen Sie den Modellordner, der die Antworten schreibt.</translation>
    </message>
    <message>
        <source>Writing answers… about %1 s left.</source>
        <translation>Antworten werden geschrieben… noch etwa %1 s.</translation>
    </message>
    <message>
        <source>The answers are ready to rank.</source>
        <translation>Die Antworten können jetzt geordnet werden.</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Angehalten: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Owner PIN</source>
        <translation>PIN festlegen</translation>
    </message>
    <message>
        <source>New PIN (at least 4 characters):</source>
        <translation>Neue PIN (mindestens 4 Zeichen):</translation>
    </message>
    <message>
        <source>The owner PIN is set.</source>
        <translation>Die PIN ist festgelegt.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON-Zeilen (*.jsonl)</translation>
    </message>
    <message numerus="yes">
        <source>%n judgements written.</source>
        <translation>
            <numerusform>%n Bewertung geschrieben.</numerusform>
            <numerusform>%n Bewertungen geschrieben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n preference pairs written and kept as the dataset &quot;%1&quot;.</source>
        <translation>
            <numerusform>%n Präferenzpaar geschrieben und als Datensatz „%1“ gespeichert.</numerusform>
            <numerusform>%n Präferenzpaare geschrieben und als Datensatz „%1“ gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Import judgements</source>
        <translation>Bewertungen importieren</translation>
    </message>
    <message>
        <source>%1 judgements imported, %2 were already here.</source>
        <translation>%1 Bewertungen importiert, %2 waren schon vorhanden.</translation>
    </message>
    <message>
        <source>Choose a prompt set and type the rater&apos;s name first.</source>
        <translation>Wählen Sie zuerst einen Fragensatz und geben Sie den Namen der bewertenden Person ein.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>this computer&apos;s memory</source>
        <translation>Arbeitsspeicher dieses Computers</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>training</source>
        <translation>trainiert</translation>
    </message>
    <message>
        <source>paused (resumable)</source>
        <translation>pausiert (fortsetzbar)</translation>
    </message>
    <message>
        <source>interrupted: the worker ended without saying why (resumable from its last checkpoint)</source>
        <translation>unterbrochen: Der Trainingsprozess endete ohne Angabe von Gründen (ab dem letzten Zwischenstand fortsetzbar)</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Code kopieren</translation>
    </message>
</context>
</TS>
