// Files uploaded with a request (a complaint's photo, a bill, a Village
// Action Plan): checked by their bytes, not by the type they claim.
#include "accounts/crypto.h"
#include "operations/operations_internal.h"

namespace jjm {

StatusOr<OpsDocumentRow> UploadedFile(const Json& body, const UploadRule& rule,
                                      const std::string& owner,
                                      const std::string& by) {
  const std::string field = rule.field;
  const std::string b64_field = field + ".data_base64";
  const Json& f = body[field];
  if (rule.named) {
    JJM_RETURN_IF_ERROR(
        CheckFields(f, field, {"name", "content_type", "data_base64"}));
  } else {
    JJM_RETURN_IF_ERROR(CheckFields(f, field, {"content_type", "data_base64"}));
  }
  std::string name;
  if (rule.named) {
    JJM_ASSIGN_OR_RETURN(name, TextField(f, field, "name", false, 0, 200));
  }
  JJM_ASSIGN_OR_RETURN(std::string type,
                       TextField(f, field, "content_type", true, 1, 60));
  JJM_ASSIGN_OR_RETURN(
      std::string b64,
      TextField(f, field, "data_base64", true, 1, rule.max_bytes / 2 * 3 + 16));
  auto bytes = DecodeBase64(b64);
  if (!bytes.ok()) {
    return InvalidArgument(b64_field + " is not base64", b64_field);
  }
  if (bytes->size() > rule.max_bytes) {
    return Status(StatusCode::kPayloadTooLarge,
                  std::string(rule.what) + " may have up to " +
                      std::to_string(rule.max_bytes >> 20) +
                      " MiB; this one has " + std::to_string(bytes->size()) +
                      " bytes",
                  b64_field);
  }
  const bool png = bytes->rfind("\x89PNG\r\n\x1a\n", 0) == 0;
  const bool jpeg = bytes->rfind("\xFF\xD8\xFF", 0) == 0;
  const bool pdf = rule.pdf && bytes->rfind("%PDF-", 0) == 0;
  const bool ok = (type == "image/png" && png) ||
                  (type == "image/jpeg" && jpeg) ||
                  (type == "application/pdf" && pdf);
  if (!ok) return InvalidArgument(rule.wrong_type, b64_field);
  OpsDocumentRow d;
  d.owner = owner;
  d.name = !name.empty() ? name
                         : std::string(rule.base_name) + (pdf   ? ".pdf"
                                                          : png ? ".png"
                                                                : ".jpg");
  d.content_type = type;
  d.size = static_cast<int64_t>(bytes->size());
  d.sha256 = Sha256Hex(*bytes);
  d.data_base64 = EncodeBase64(*bytes);
  d.uploaded_at = OpsNow();
  d.uploaded_by = by;
  return d;
}

}  // namespace jjm
