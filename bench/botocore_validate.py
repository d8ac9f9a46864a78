"""botocore's ParamValidator on the same StartChatContact input as
tests/benches/validate.rs (valid, every member set). Prints µs per call."""
import json, pathlib, timeit

import botocore.session
from botocore.validate import ParamValidator

HERE = pathlib.Path(__file__).resolve().parent
params = json.loads((HERE.parent / "tests/benches/start_chat_contact_full.json").read_text())
model = botocore.session.get_session().get_service_model("connect")
shape = model.operation_model("StartChatContact").input_shape
validator = ParamValidator()
report = validator.validate(params, shape)
assert not report.has_errors(), report.generate_report()

n = 20000
best = min(timeit.repeat(lambda: validator.validate(params, shape), number=n, repeat=7))
print(f"botocore {botocore.__version__} ParamValidator, same input, valid:  {best / n * 1e6:8.2f} µs/call")
