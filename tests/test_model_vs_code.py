"""pytest entry point of the model-against-code trace comparisons (model_vs_code_tests.py);
needs the kernel sources (fetched when possible, else skipped with the reason)."""


def test_models_match_the_code_they_model(sim, kernel):
    sim("model_vs_code_tests", num_vfs=1)
