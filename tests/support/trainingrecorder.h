#pragma once
// Runs a training entry point (trainSft, trainPreference) in-process and keeps
// its events, for the tests that compare curves, resumes and metrics.

#include "training/sfttrainer.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

#include <atomic>

namespace AtelierTest {

struct TrainOutcome {
  Atelier::RunOutcome result = Atelier::RunOutcome::Failed;
  QList<QJsonObject> events;
  QJsonObject summary;
  QString error;

  QList<QJsonObject> ofKind(const char* kind) const {
    QList<QJsonObject> out;
    for (const QJsonObject& e : events)
      if (e.value(QStringLiteral("event")).toString() == QLatin1String(kind)) out << e;
    return out;
  }
  // One field of every event of a kind, in order.
  QList<double> losses(const char* kind = "step", const char* key = "loss") const {
    QList<double> out;
    for (const QJsonObject& e : ofKind(kind)) out << e.value(QLatin1String(key)).toDouble();
    return out;
  }
  QMap<int, double> lossByStep() const {
    QMap<int, double> out;
    for (const QJsonObject& e : ofKind("step"))
      out[e.value(QStringLiteral("step")).toInt()] = e.value(QStringLiteral("loss")).toDouble();
    return out;
  }
};

// With `stop`, sets it once the step event of `stopAfterStep` arrives (the run
// then checkpoints and stops, as on Ctrl+C).
template <typename Data, typename Entry>
TrainOutcome recordTraining(Entry entry, const Atelier::SftConfig& config, const Data& data, bool resume,
                            std::atomic<bool>* stop, int stopAfterStep) {
  TrainOutcome o;
  Atelier::SftRunControl control;
  control.resume = resume;
  control.stop = stop;
  control.padId = 0;
  o.result = entry(config, data, control, [&](const QJsonObject& e) {
    o.events << e;
    if (stop && e.value(QStringLiteral("event")).toString() == QLatin1String("step") &&
        e.value(QStringLiteral("step")).toInt() == stopAfterStep)
      stop->store(true);
  }, &o.summary, &o.error);
  return o;
}

}  // namespace AtelierTest
