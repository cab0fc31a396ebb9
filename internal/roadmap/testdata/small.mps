NAME roadmap
OBJSENSE
    MAX
ROWS
 N obj
 L one_0
 L one_1
 E one_2
 L one_4
 L budget_0
 L capacity_0
 L budget_1
 L capacity_1
 L budget_2
 L capacity_2
 L dep_4_1_1
 L dep_4_1_2
COLUMNS
    MARKER MARKER INTORG
    x_0_0 obj 151109.965867411
    x_0_0 one_0 1
    x_0_0 budget_0 879000
    x_0_0 capacity_0 3845
    x_0_1 obj 37802.2735597186
    x_0_1 one_0 1
    x_0_1 budget_1 879000
    x_0_1 capacity_1 3845
    x_0_2 obj -71147.4305822932
    x_0_2 one_0 1
    x_0_2 budget_2 879000
    x_0_2 capacity_2 3845
    x_1_0 obj -68828.2460023809
    x_1_0 one_1 1
    x_1_0 budget_0 392000
    x_1_0 capacity_0 1836
    x_1_0 dep_4_1_1 -1
    x_1_0 dep_4_1_2 -1
    x_1_1 obj -99905.169079304
    x_1_1 one_1 1
    x_1_1 budget_1 392000
    x_1_1 capacity_1 1836
    x_1_1 dep_4_1_2 -1
    x_1_2 obj -129786.825884038
    x_1_2 one_1 1
    x_1_2 budget_2 392000
    x_1_2 capacity_2 1836
    x_2_0 obj 775256.833743552
    x_2_0 one_2 1
    x_2_0 budget_0 100000
    x_2_0 capacity_0 300
    x_2_1 obj 654102.987589706
    x_2_1 one_2 1
    x_2_1 budget_1 100000
    x_2_1 capacity_1 300
    x_2_2 obj 537608.904749469
    x_2_2 one_2 1
    x_2_2 budget_2 100000
    x_2_2 capacity_2 300
    x_4_1 obj 1057536.83205669
    x_4_1 one_4 1
    x_4_1 budget_1 1349000
    x_4_1 capacity_1 3464
    x_4_1 dep_4_1_1 1
    x_4_2 obj 730206.950399881
    x_4_2 one_4 1
    x_4_2 budget_2 1349000
    x_4_2 capacity_2 3464
    x_4_2 dep_4_1_2 1
    MARKER MARKER INTEND
RHS
    rhs one_0 1
    rhs one_1 1
    rhs one_2 1
    rhs one_4 1
    rhs budget_0 563000
    rhs capacity_0 1390
    rhs budget_1 601000
    rhs capacity_1 1206
    rhs budget_2 431000
    rhs capacity_2 1213
BOUNDS
 BV bnd x_0_0
 BV bnd x_0_1
 BV bnd x_0_2
 BV bnd x_1_0
 BV bnd x_1_1
 BV bnd x_1_2
 BV bnd x_2_0
 BV bnd x_2_1
 BV bnd x_2_2
 BV bnd x_4_1
 BV bnd x_4_2
ENDATA
