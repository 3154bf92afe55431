<?xml version='1.0' encoding='utf-8'?>
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
        <source>Import a dataset file</source>
        <translation>Eine Datensatzdatei importieren</translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.json *.csv *.tsv *.txt *.md);;All files (*)</source>
        <translation>Datensätze (*.jsonl *.json *.csv *.tsv *.txt *.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Dataset name</source>
        <translation>Name des Datensatzes</translation>
    </message>
    <message>
        <source>Name for this dataset:</source>
        <translation>Name für diesen Datensatz:</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message>
        <source>Imported %1 rows as "%2" (%3). %4 rejected.</source>
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
        <source>The project's atelier.log, with everything shown here.</source>
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
        <source>no tokenizer: %1&lt;br&gt;Chat and training need one; copy tokenizer.model or tokenizer.json from the model's download page into this folder.</source>
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
        <source>&lt;table cellspacing="4"&gt;&lt;tr&gt;&lt;td&gt;Architecture&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Size&lt;/td&gt;&lt;td&gt;%2 parameters; the weights take %3 on disk (%4)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Context&lt;/td&gt;&lt;td&gt;up to %5 tokens&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Tokenizer&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Chat format&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;To chat&lt;/td&gt;&lt;td&gt;about %8 of memory&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table cellspacing="4"&gt;&lt;tr&gt;&lt;td&gt;Architektur&lt;/td&gt;&lt;td&gt;%1&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Größe&lt;/td&gt;&lt;td&gt;%2 Parameter; die Gewichte belegen %3 auf der Festplatte (%4)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Kontext&lt;/td&gt;&lt;td&gt;bis zu %5 Tokens&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Tokenizer&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Chat-Format&lt;/td&gt;&lt;td&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Zum Chatten&lt;/td&gt;&lt;td&gt;etwa %8 Speicher&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
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
</TS>