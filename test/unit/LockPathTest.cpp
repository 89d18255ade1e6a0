// The lock-expression algebra (LockPath.h): one text per lock however it was
// spelled, templates over parameters, and the rewritings across a call.
#include "allocflags/Analysis/LockPath.h"

#include <gtest/gtest.h>
#include <vector>

using namespace allocflags;

namespace {

std::string templatize(llvm::StringRef Key, std::vector<llvm::StringRef> Params, bool &Opaque,
                       llvm::StringRef Global = "") {
  return templatizeLock(
      Key, Params, [&](llvm::StringRef Root) { return !Global.empty() && Root == Global; }, Opaque);
}

std::string withArgs(llvm::StringRef Template, std::vector<std::string> Args, std::string This = "") {
  return instantiateLock(
      Template,
      [&](std::optional<unsigned> N) -> std::string {
        if (!N)
          return This;
        return *N < Args.size() ? Args[*N] : "";
      },
      LockArgs::Expressions);
}

TEST(LockPath, NormalizeSpellings) {
  EXPECT_EQ(normalizeLockText("& priv -> lock"), "&priv->lock");
  EXPECT_EQ(normalizeLockText("&(priv)->lock"), "&priv->lock");
  // xa_lock(&t->xa) expands to spin_lock(&(&t->xa)->xa_lock)
  EXPECT_EQ(normalizeLockText("&(&t->xa)->xa_lock"), "&t->xa.xa_lock");
  EXPECT_EQ(normalizeLockText("&(&(&a->b)->c)->d"), "&a->b.c.d");
  EXPECT_EQ(normalizeLockText("(*p).lock"), "*p.lock");
}

TEST(LockPath, InstantiateWithNames) {
  EXPECT_EQ(instantiateWith("&$0->lock", {"priv"}), "&priv->lock");
  EXPECT_EQ(instantiateWith("&$1->q.lock", {"a", "dev"}), "&dev->q.lock");
  EXPECT_EQ(instantiateWith("&$this->m", {}), "&this->m");
  EXPECT_EQ(instantiateWith("&$10->l", std::vector<std::string>(11, "x")), "&x->l");
  // a parameter the function does not have, or has no name for
  EXPECT_EQ(instantiateWith("&$2->lock", {"a", "b"}), "");
  EXPECT_EQ(instantiateWith("&$0->lock", {""}), "");
  EXPECT_EQ(instantiateWith("&$->lock", {"a"}), "");
  EXPECT_EQ(instantiateWith("global_lock", {"a"}), "global_lock");
}

TEST(LockPath, InstantiateWithExpressions) {
  EXPECT_EQ(withArgs("&$0->lock", {"d->priv"}), "&(d->priv)->lock");
  // an argument taken by address reads as the member it reaches
  EXPECT_EQ(withArgs("&$0->lock", {"&dev->x"}), "&dev->x.lock");
  EXPECT_EQ(normalizeLockText(withArgs("&$0->lock", {"&dev->x"})), normalizeLockText("&(&dev->x)->lock"));
  EXPECT_EQ(withArgs("$this->m", {}, "&obj"), "obj.m");
  EXPECT_EQ(withArgs("&$1->lock", {"a"}), "");
}

TEST(LockPath, RebaseOverArguments) {
  EXPECT_EQ(rebaseLockOverArguments("&priv->lock", {"priv"}), "&$0->lock");
  EXPECT_EQ(rebaseLockOverArguments("&priv->lock", {"x", "priv"}), "&$1->lock");
  // the longest argument the lock starts with
  EXPECT_EQ(rebaseLockOverArguments("d->a.lock", {"d", "d->a"}), "$1.lock");
  // the caller passes &x and the lock is &x.y: the callee sees $0->y
  EXPECT_EQ(rebaseLockOverArguments("&x.y", {"&x"}), "&$0->y");
  // a prefix that is not a whole member path does not count
  EXPECT_EQ(rebaseLockOverArguments("&privy->lock", {"priv"}), "");
  EXPECT_EQ(rebaseLockOverArguments("&( priv )->lock", {"priv"}), "&$0->lock");
  // not reached through an argument: gone, unless it is a global
  EXPECT_EQ(rebaseLockOverArguments("&other->lock", {"priv"}), "");
  EXPECT_EQ(rebaseLockOverArguments("&dev_list_lock", {"priv"}, /*KeepGlobal=*/true), "&dev_list_lock");
  EXPECT_EQ(rebaseLockOverArguments("", {"priv"}, true), "");
}

TEST(LockPath, TemplatizeOverParameters) {
  bool Opaque = true;
  EXPECT_EQ(templatize("&d->lock", {"d"}, Opaque), "&$0->lock");
  EXPECT_FALSE(Opaque);
  EXPECT_EQ(templatize("&this->m", {}, Opaque), "&$this->m");
  EXPECT_FALSE(Opaque);
  // a member named like a parameter is not the parameter
  EXPECT_EQ(templatize("&x->d", {"d"}, Opaque), "&x->d");
  EXPECT_TRUE(Opaque);
  EXPECT_EQ(templatize("&g.lock", {"d"}, Opaque, "g"), "&g.lock");
  EXPECT_FALSE(Opaque);
  // already a template: kept
  EXPECT_EQ(templatize("&$1->lock", {"a", "b"}, Opaque), "&$1->lock");
  EXPECT_FALSE(Opaque);
}

TEST(LockPath, RoundTripAcrossACall) {
  // The caller holds &priv->dev.lock and calls f(&priv->dev): in f, whose
  // parameter is named "dev", that is &dev->lock.
  std::string T = rebaseLockOverArguments("&priv->dev.lock", {"&priv->dev"});
  EXPECT_EQ(T, "&$0->lock");
  EXPECT_EQ(normalizeLockText(instantiateWith(T, {"dev"})), "&dev->lock");
  // and back into the caller's terms
  EXPECT_EQ(normalizeLockText(withArgs(T, {"&priv->dev"})), "&priv->dev.lock");
}

} // namespace
