// LoRA: PEFT adapters written by an independent script apply exactly
// (W + scale·B·A, checked against Python's logits), merge/unmerge, the
// adapter switch, PEFT's initialisation and freezing, save/load round trip.
#include <torch/torch.h>

#include "inference/languagemodel.h"
#include "model/io/safetensors.h"
#include "model/modelloader.h"
#include "peft/lora.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

namespace {

const std::vector<int64_t> kPrompt = {1, 317, 349, 318, 289, 322, 270, 280, 330, 327, 335, 40};

QString base() { return AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")); }
QString adapterDir() { return AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32-adapter")); }

CausalLM loadBase() {
  CausalLM m{nullptr};
  QString error;
  if (!loadCausalLM(base(), torch::kCPU, torch::kFloat32, &m, &error)) qFatal("%s", qPrintable(error));
  return m;
}

torch::Tensor logitsOf(CausalLM& m) {
  torch::NoGradGuard g;
  m->eval();
  return m->forward(torch::tensor(kPrompt).unsqueeze(0)).squeeze(0);
}

torch::Tensor referenceLogits() {
  QFile f(adapterDir() + QStringLiteral("/reference/logits.f32"));
  f.open(QIODevice::ReadOnly);
  const QByteArray b = f.readAll();
  return torch::from_blob(const_cast<char*>(b.constData()), {int64_t(kPrompt.size()), 500}, torch::kFloat32).clone();
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

}  // namespace

class TestLora : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void peftAdapterMatchesReference();
  void languageModelAppliesAdapter();
  void mergeUnmergeAndSwitch();
  void freshAdapterStartsAtBaseAndTrainsOnlyLora();
  void saveLoadRoundTrip();
  void bf16ProductsStayCloseAndTrainLoraInF32();
  void lowPrecisionRmsNormMatchesPlainAutograd();
  void refusesWrongAdapters();
};

void TestLora::peftAdapterMatchesReference() {
  CausalLM m = loadBase();
  LoraConfig c;
  QString error;
  QVERIFY2(loadAdapter(m, adapterDir(), &c, &error), qPrintable(error));
  QCOMPARE(c.rank, 4);
  QCOMPARE(c.scaling(), 2.0);
  QVERIFY(maxDiff(logitsOf(m), referenceLogits()) < 1e-4);
}

void TestLora::languageModelAppliesAdapter() {
  LanguageModelOptions o;
  o.device = QStringLiteral("cpu");
  o.adapter = adapterDir();
  QString error;
  auto lm = LanguageModel::load(base(), o, &error);
  QVERIFY2(lm, qPrintable(error));
  std::vector<float> logits;
  std::vector<int32_t> ids(kPrompt.begin(), kPrompt.end());
  QVERIFY(lm->logits(ids, &logits, &error));
  const torch::Tensor t = torch::from_blob(logits.data(), {int64_t(ids.size()), 500}, torch::kFloat32);
  QVERIFY(maxDiff(t, referenceLogits()) < 1e-4);
}

void TestLora::mergeUnmergeAndSwitch() {
  CausalLM plain = loadBase();
  const torch::Tensor baseLogits = logitsOf(plain);
  CausalLM m = loadBase();
  LoraConfig c;
  QString error;
  QVERIFY(loadAdapter(m, adapterDir(), &c, &error));
  const torch::Tensor adapted = logitsOf(m);
  mergeLora(m);
  QVERIFY(maxDiff(logitsOf(m), adapted) < 1e-4);
  unmergeLora(m);
  QVERIFY(maxDiff(logitsOf(m), adapted) < 1e-4);
  setLoraEnabled(m, false);
  QVERIFY(maxDiff(logitsOf(m), baseLogits) < 1e-5);
  setLoraEnabled(m, true);
  QVERIFY(maxDiff(logitsOf(m), adapted) < 1e-5);
}

void TestLora::freshAdapterStartsAtBaseAndTrainsOnlyLora() {
  CausalLM m = loadBase();
  const torch::Tensor before = logitsOf(m);
  LoraConfig c;
  c.rank = 8;
  c.alpha = 16;
  c.dropout = 0.0;
  torch::manual_seed(3);
  QCOMPARE(applyLora(m, c), 2 * 7);
  QVERIFY(maxDiff(logitsOf(m), before) == 0.0);  // B = 0
  int64_t trainable = 0;
  for (const auto& p : m->named_parameters()) {
    const bool lora = p.key().find("lora_") != std::string::npos;
    QCOMPARE(p.value().requires_grad(), lora);
    if (lora) trainable += p.value().numel();
  }
  // r·(in+out) per projection: q 64+64, k 64+32, v 64+32, o 64+64, gate/up 64+128, down 128+64.
  QCOMPARE(trainable, int64_t(8 * 2 * (128 + 96 + 96 + 128 + 192 + 192 + 192)));
  auto q = m->projections(0).front().second;
  const double bound = 1.0 / std::sqrt(64.0);  // Kaiming-uniform with a=√5 over fan-in 64
  QVERIFY(q->loraA.abs().max().item<double>() <= bound + 1e-6);
  QVERIFY(q->loraA.abs().max().item<double>() > bound * 0.5);
  QCOMPARE(q->loraB.abs().max().item<double>(), 0.0);
  m->train();
  const torch::Tensor ids = torch::tensor(kPrompt).unsqueeze(0);
  const torch::Tensor logits = m->forward(ids);
  torch::nn::functional::cross_entropy(logits.squeeze(0).narrow(0, 0, 11), ids.squeeze(0).narrow(0, 1, 11)).backward();
  QVERIFY(q->loraB.grad().abs().sum().item<double>() > 0);
  QVERIFY(!q->weight.grad().defined());
}

// The fast path (GPU, CPUs with native bf16): the frozen base in bf16, the
// adapter in f32. The logits move by bf16 rounding only, and LoRA still
// learns in f32.
void TestLora::bf16ProductsStayCloseAndTrainLoraInF32() {
  CausalLM m = loadBase();
  const torch::Tensor f32 = logitsOf(m);
  m->to(torch::kBFloat16);
  LoraConfig c;
  c.rank = 4;
  c.alpha = 8;
  c.dropout = 0.0;
  applyLora(m, c);
  auto q = m->projections(0).front().second;
  QCOMPARE(q->weight.scalar_type(), torch::kBFloat16);
  QCOMPARE(q->loraA.scalar_type(), torch::kFloat32);
  QCOMPARE(m->model->embed_tokens->weight.scalar_type(), torch::kBFloat16);
  const torch::Tensor bf16 = logitsOf(m);
  QCOMPARE(bf16.scalar_type(), torch::kFloat32);
  const double scale = f32.abs().max().item<double>();
  const double diff = maxDiff(bf16, f32);
  QVERIFY2(diff > 0, "the products must really run in bf16");
  QVERIFY2(diff < 0.05 * scale, qPrintable(QStringLiteral("bf16 logits off by %1 (scale %2)").arg(diff).arg(scale)));
  // Same greedy choices at every position of the prompt.
  QVERIFY(torch::equal(bf16.argmax(-1), f32.argmax(-1)));
  m->train();
  const torch::Tensor ids = torch::tensor(kPrompt).unsqueeze(0);
  torch::nn::functional::cross_entropy(m->forward(ids).squeeze(0).narrow(0, 0, 11), ids.squeeze(0).narrow(0, 1, 11))
      .backward();
  QCOMPARE(q->loraB.grad().scalar_type(), torch::kFloat32);
  QVERIFY(q->loraB.grad().abs().sum().item<double>() > 0);
  QVERIFY(!q->weight.grad().defined());
}

// The bf16 RMSNorm with its own backward (less memory) gives the plain
// formula's output bit for bit and its gradients within bf16 rounding.
void TestLora::lowPrecisionRmsNormMatchesPlainAutograd() {
  torch::manual_seed(11);
  RMSNorm norm(64, 1e-6);
  {
    torch::NoGradGuard g;
    norm->weight.set_data((torch::rand({64}) + 0.5).to(torch::kBFloat16));
  }
  norm->weight.set_requires_grad(true);
  const torch::Tensor base = torch::randn({3, 5, 64}).mul(3).to(torch::kBFloat16);
  const torch::Tensor upstream = torch::randn({3, 5, 64}).to(torch::kBFloat16);

  torch::Tensor x1 = base.clone().requires_grad_(true);
  const torch::Tensor y1 = norm->forward(x1);
  (y1.to(torch::kFloat32) * upstream.to(torch::kFloat32)).sum().backward();
  const torch::Tensor gx1 = x1.grad().clone(), gw1 = norm->weight.grad().clone();
  norm->weight.mutable_grad().zero_();

  torch::Tensor x2 = base.clone().requires_grad_(true);
  const torch::Tensor h = x2.to(torch::kFloat32);
  const torch::Tensor y2 = norm->weight * (h * torch::rsqrt(h.pow(2).mean(-1, true) + 1e-6)).to(torch::kBFloat16);
  (y2.to(torch::kFloat32) * upstream.to(torch::kFloat32)).sum().backward();

  // Within one bf16 rounding of the plain formula (the norms are reduced
  // without a float32 copy of the input).
  QVERIFY(maxDiff(y1.to(torch::kFloat32), y2.to(torch::kFloat32)) <=
          y2.to(torch::kFloat32).abs().max().item<double>() / 128);
  const double gxScale = x2.grad().to(torch::kFloat32).abs().max().item<double>();
  const double gwScale = norm->weight.grad().to(torch::kFloat32).abs().max().item<double>();
  QVERIFY(maxDiff(gx1.to(torch::kFloat32), x2.grad().to(torch::kFloat32)) < 0.02 * gxScale);
  QVERIFY(maxDiff(gw1.to(torch::kFloat32), norm->weight.grad().to(torch::kFloat32)) < 0.02 * gwScale);

  // Without gradients (inference, and a checkpointed layer's first forward)
  // the numbers are the same bits as with them: the recomputation in backward
  // must see what the forward saw. Large enough that a different formula
  // would flip some bf16 roundings.
  RMSNorm wide(1024, 1e-6);
  wide->to(torch::kBFloat16);
  const torch::Tensor many = torch::randn({512, 1024}).mul(3).to(torch::kBFloat16);
  const torch::Tensor withGrad = wide->forward(many.clone().requires_grad_(true));
  torch::Tensor withoutGrad;
  {
    torch::NoGradGuard g;
    withoutGrad = wide->forward(many);
  }
  QVERIFY(torch::equal(withGrad.detach(), withoutGrad));
}

void TestLora::saveLoadRoundTrip() {
  CausalLM m = loadBase();
  LoraConfig c;
  c.rank = 2;
  c.alpha = 4;
  c.rslora = true;
  c.targetModules = {QStringLiteral("k_proj"), QStringLiteral("up_proj")};
  c.baseModel = base();
  applyLora(m, c);
  {
    torch::NoGradGuard g;
    for (auto& p : m->named_parameters())
      if (p.key().find("lora_B") != std::string::npos) p.value().normal_(0, 0.5);
  }
  const torch::Tensor adapted = logitsOf(m);
  QTemporaryDir dir;
  QString error;
  QVERIFY2(saveAdapter(m, c, dir.path(), &error), qPrintable(error));
  QFile cfg(dir.filePath(QStringLiteral("adapter_config.json")));
  QVERIFY(cfg.open(QIODevice::ReadOnly));
  const QJsonObject o = QJsonDocument::fromJson(cfg.readAll()).object();
  QCOMPARE(o.value(QStringLiteral("peft_type")).toString(), QStringLiteral("LORA"));
  QCOMPARE(o.value(QStringLiteral("task_type")).toString(), QStringLiteral("CAUSAL_LM"));
  QCOMPARE(o.value(QStringLiteral("r")).toInt(), 2);
  QVERIFY(o.value(QStringLiteral("use_rslora")).toBool());
  auto file = SafetensorsFile::open(dir.filePath(QStringLiteral("adapter_model.safetensors")), &error);
  QVERIFY(file);
  QCOMPARE(file->tensors().size(), 2 * 2 * 2);
  QVERIFY(file->find(QStringLiteral("base_model.model.model.layers.1.mlp.up_proj.lora_B.weight")));
  CausalLM reloaded = loadBase();
  LoraConfig read;
  QVERIFY2(loadAdapter(reloaded, dir.path(), &read, &error), qPrintable(error));
  QCOMPARE(read.scaling(), 4.0 / std::sqrt(2.0));
  QVERIFY(maxDiff(logitsOf(reloaded), adapted) < 1e-6);
}

void TestLora::refusesWrongAdapters() {
  QString error;
  LoraConfig c;
  {
    CausalLM m = loadBase();
    QVERIFY(!loadAdapter(m, base(), &c, &error));
    QVERIFY2(error.contains(QStringLiteral("no adapter_config.json")), qPrintable(error));
  }
  auto variant = [&](const QByteArray& configJson, bool copyWeights, const char* expected) {
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("adapter_config.json")));
    f.open(QIODevice::WriteOnly);
    f.write(configJson);
    f.close();
    if (copyWeights)
      QFile::copy(adapterDir() + QStringLiteral("/adapter_model.safetensors"), dir.filePath(QStringLiteral("adapter_model.safetensors")));
    else {
      QFile bin(dir.filePath(QStringLiteral("adapter_model.bin")));
      bin.open(QIODevice::WriteOnly);
      bin.write("pickle");
    }
    CausalLM m = loadBase();
    QString e;
    QVERIFY(!loadAdapter(m, dir.path(), &c, &e));
    QVERIFY2(e.contains(QString::fromUtf8(expected)), qPrintable(e));
  };
  const QByteArray good = R"({"peft_type":"LORA","r":4,"lora_alpha":8,"target_modules":["q_proj","v_proj","down_proj"]})";
  variant(good, false, "pickle");
  variant(R"({"peft_type":"LORA","r":8,"lora_alpha":8,"target_modules":["q_proj","v_proj","down_proj"]})", true, "r=8");
  variant(R"({"peft_type":"LORA","r":4,"lora_alpha":8,"target_modules":["q_proj"]})", true, "does not belong");
  variant(R"({"peft_type":"IA3","r":4})", true, "must be LORA");
  variant(R"({"peft_type":"LORA","r":0,"lora_alpha":8,"target_modules":["q_proj"]})", true, "\"r\"");
  variant(R"({"peft_type":"LORA","r":4,"lora_alpha":8,"target_modules":["c_attn"]})", true, "c_attn");
  variant(R"({"peft_type":"LORA","r":4,"lora_alpha":8,"target_modules":["q_proj"],"use_dora":true})", true, "DoRA");
  variant("{nope", true, "not a valid JSON");
}

QTEST_GUILESS_MAIN(TestLora)
#include "tst_lora.moc"
