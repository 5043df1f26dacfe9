// jjm user: create the first administrator, list users, set passwords,
// make API keys; as the operator of the machine.
#include <iostream>
#include <memory>
#include <string>

#include "accounts/account_service.h"
#include "cli/cli_common.h"

namespace jjm {
namespace {

struct UserFlags {
  std::string db;
  NewUser nu;  // add
  bool password_stdin = false;
  std::string username;  // password, apikey
  std::string label;     // apikey
};

enum class UserAction { kAdd, kPassword, kList, kApiKey };

// Reads one line from standard input as a password.
Status ReadPassword(std::string* out) {
  std::getline(std::cin, *out);
  while (!out->empty() && (out->back() == '\r' || out->back() == '\n')) {
    out->pop_back();
  }
  if (out->empty()) {
    return InvalidArgument("no password on standard input", "password");
  }
  return Status::Ok();
}

int PrintUsers(AccountService* accounts) {
  Principal root;
  root.username = "cli";
  root.grants.push_back({0, Role::kNationalAdmin, kIndia, 0});
  auto users = accounts->ListUsers(root);
  if (!users.ok()) return Fail(users.status());
  for (const UserView& u : *users) {
    std::printf("%-24s %-28s%s%s\n", u.username.c_str(), u.display_name.c_str(),
                u.disabled ? " [disabled]" : "",
                u.locked_until.empty()
                    ? ""
                    : (" [locked until " + u.locked_until + "]").c_str());
    for (const auto& r : u.roles) {
      std::printf("    %-18s %s %s%s\n", r.role.c_str(), r.unit_code.c_str(),
                  r.unit_name.c_str(),
                  r.lab_id > 0 ? (" [lab " + r.lab_code + "]").c_str() : "");
    }
  }
  return 0;
}

int RunUser(UserAction action, UserFlags& f) {
  auto opened = OpenAndLoad(f.db);
  if (!opened.ok()) return Fail(opened.status());
  auto accounts = AccountService::Load(opened->db.get(), opened->svc.get());
  if (!accounts.ok()) return Fail(accounts.status());
  const std::string remote = "cli:" + LoginName();
  switch (action) {
    case UserAction::kAdd: {
      NewUser& nu = f.nu;
      if (f.password_stdin) {
        Status s = ReadPassword(&nu.password);
        if (!s.ok()) return Fail(s);
      }
      auto id = (*accounts)->CreateUser(nullptr, nu, remote);
      if (!id.ok()) return Fail(id.status());
      const std::string where = !nu.lab_code.empty()   ? "lab " + nu.lab_code
                                : nu.unit_code.empty() ? std::string("IN")
                                                       : nu.unit_code;
      std::printf("created user %s (%s of %s)%s\n", nu.username.c_str(),
                  nu.role.c_str(), where.c_str(),
                  nu.password.empty() ? "; no password: API keys only" : "");
      return 0;
    }
    case UserAction::kPassword: {
      std::string pw;
      Status s = ReadPassword(&pw);
      if (s.ok()) {
        s = (*accounts)->SetPassword(nullptr, f.username, "", pw, remote);
      }
      if (!s.ok()) return Fail(s);
      std::printf("password set for %s; their sessions are ended\n",
                  f.username.c_str());
      return 0;
    }
    case UserAction::kApiKey: {
      auto k = (*accounts)->CreateApiKey(nullptr, f.username, f.label, remote);
      if (!k.ok()) return Fail(k.status());
      std::printf("%s\n", k->key.c_str());
      std::fprintf(stderr, "API key %lld for %s: shown once, store it now\n",
                   static_cast<long long>(k->id), f.username.c_str());
      return 0;
    }
    case UserAction::kList:
      return PrintUsers(accounts->get());
  }
  return kExitFailure;
}

}  // namespace

void AddUserCommands(CLI::App* app, Commands* out) {
  auto* user = app->add_subcommand(
      "user",
      "Accounts: create the first administrator, list, set passwords, "
      "make API keys");
  user->require_subcommand(1);
  auto f = std::make_shared<UserFlags>();
  auto add = [&](const char* name, UserAction action, CLI::App* cmd) {
    out->push_back({std::string("user ") + name, cmd,
                    [f, action] { return RunUser(action, *f); }});
  };
  auto* uadd = user->add_subcommand(
      "add",
      "Create a user with one role bound to a place (no default "
      "passwords: give it on standard input)");
  AddDbOption(uadd, &f->db);
  uadd->add_option("--username", f->nu.username,
                   "lower-case letters, digits, . _ -")
      ->required();
  uadd->add_option("--role", f->nu.role,
                   "national_admin, national_viewer, state_officer, "
                   "district_officer, block_officer, vwsc_operator, "
                   "partner_user, lab_analyst, ftk_tester (a village)")
      ->required();
  uadd->add_option("--unit", f->nu.unit_code,
                   "code of the place the role is bound to (IN for national "
                   "roles; a lab analyst's is the lab's place)");
  uadd->add_option("--lab", f->nu.lab_code,
                   "for lab analysts: the code of their water-quality lab");
  uadd->add_option("--display-name", f->nu.display_name,
                   "name shown in the page");
  uadd->add_option("--partner-id", f->nu.partner_id, "for partner users");
  uadd->add_flag("--password-stdin", f->password_stdin,
                 "read the password from standard input");
  add("add", UserAction::kAdd, uadd);
  auto* upass = user->add_subcommand("password",
                                     "Set a user's password from "
                                     "standard input");
  AddDbOption(upass, &f->db);
  upass->add_option("--username", f->username, "user")->required();
  add("password", UserAction::kPassword, upass);
  auto* ulist = user->add_subcommand("list", "List users and their roles");
  AddDbOption(ulist, &f->db);
  add("list", UserAction::kList, ulist);
  auto* ukey = user->add_subcommand(
      "apikey", "Make an API key for a (machine) user; printed once");
  AddDbOption(ukey, &f->db);
  ukey->add_option("--username", f->username, "user")->required();
  ukey->add_option("--label", f->label, "what the key is for")->required();
  add("apikey", UserAction::kApiKey, ukey);
}

}  // namespace jjm
