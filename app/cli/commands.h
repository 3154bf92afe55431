#pragma once

#include <QStringList>

namespace Atelier::Cli {

// Each verb gets the full argument list with the verb words removed except the
// program name, e.g. {"atelier", "DIR", "--json"} for `atelier project check DIR --json`.
int runSystem(const QStringList& args);
int runProjectInit(const QStringList& args);
int runProjectCheck(const QStringList& args);
int runDemo(const QStringList& args);
int runModelCreate(const QStringList& args);
int runModelInfo(const QStringList& args);
int runTokenize(const QStringList& args);
int runDetokenize(const QStringList& args);
int runLogits(const QStringList& args);
int runGenerate(const QStringList& args);
int runBenchGenerate(const QStringList& args);
int runBenchTrain(const QStringList& args);
int runDataImport(const QStringList& args);
int runDataExport(const QStringList& args);
int runDataStats(const QStringList& args);
int runDataClean(const QStringList& args);
int runDataSplit(const QStringList& args);
int runBenchData(const QStringList& args);
int runTrainSft(const QStringList& args);
int runTrainDpo(const QStringList& args);
int runTrainReward(const QStringList& args);
int runEval(const QStringList& args);
int runEvalText(const QStringList& args);
int runEvalList(const QStringList& args);
int runEvalExport(const QStringList& args);
int runChat(const QStringList& args);
int runExportPeft(const QStringList& args);
int runExportMerged(const QStringList& args);
int runExportGguf(const QStringList& args);
int runExportOllama(const QStringList& args);
int runRankPromptsAdd(const QStringList& args);
int runRankPromptsImport(const QStringList& args);
int runRankPromptsList(const QStringList& args);
int runRankCandidates(const QStringList& args);
int runRankExport(const QStringList& args);
int runRankImport(const QStringList& args);
int runRankStats(const QStringList& args);
int runRankJudge(const QStringList& args);

// Dispatches `atelier <verb> ...`; returns the process exit code.
int run(const QStringList& arguments);

// Names of the verbs, for `atelier --help`.
QString overviewHelp();

}  // namespace Atelier::Cli
