"""Screen charts (plotly) built from the same chart data as the PDF."""
def test_two_people_with_one_name_and_two_tasks_with_one_short_name_stay_apart_in_the_heatmap():
    # Two members both called Maria Lopez, and two of the clinic's own tasks whose first 39 characters match:
    # the screen shows a 2 x 2 grid, each cell its own answer (plotly would merge equal labels into one)
    from planning.charts import heatmap_figure
    from worksheets.content import Heatmap

    tasks = ("Call the patients pharmacy to check on refills", "Call the patients pharmacy to check on side effects")
    block = Heatmap("Tasks by team member", tasks, ("Maria Lopez", "Maria Lopez"),
                    (("Yes · 4 · mine", "no"), ("no", "Sometimes · 2 · shared")), ((3, 0), (0, 1)))
    trace = heatmap_figure(block).data[0]
    assert [list(r) for r in trace.text] == [["Yes<br>4 · mine", "no"], ["no", "Sometimes<br>2 · shared"]]
    assert list(trace.x) == [0, 1] and list(trace.y) == [0, 1]  # two columns, two rows
    layout = heatmap_figure(block).layout
    assert list(layout.xaxis.ticktext) == ["Maria<br>Lopez", "Maria<br>Lopez"]
    assert list(layout.yaxis.ticktext) == ["Call the patients pharmacy to check on…"] * 2
