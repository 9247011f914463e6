# plot-bounds.gp - the best throughput of each format under a latency bound
# (a step at each frontier design), marked at the study's bounds.
# Written by dse plot from frontier.json; reads plot-bounds.dat.
# Edit and rerun in this folder: gnuplot plot-bounds.gp

set encoding utf8

# Images written: a gnuplot terminal and a file name each.
array terminal[3] = [ \
	'pngcairo size 1500,1000 font "Sans,9" fontscale 2 linewidth 2 noenhanced', \
	'svg size 1500,1000 font "Sans,9" fontscale 2 linewidth 2 noenhanced background "white"', \
	'pdfcairo size 10.4in,6.93in font "Sans,9" linewidth 2 noenhanced']
array output[3] = ['plot-bounds.png', 'plot-bounds.svg', 'plot-bounds.pdf']

set border lw 1
set grid xtics ytics mxtics mytics lt 1 lc rgb "#dddddd" lw 0.5, lt 1 lc rgb "#eeeeee" lw 0.5
set key opaque box lc rgb "#bbbbbb" spacing 1.2 samplen 2.5
set tics nomirror out

# One line style per format: format k is style k.
set style line 1 lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 1  # hbfp8_576
set style line 2 lc rgb "#D55E00" lw 2 dt 2 pt 5 ps 1  # bf16
set style line 3 lc rgb "#009E73" lw 2 dt 4 pt 9 ps 1  # int8

set title 'Best throughput under a latency bound' . "\n" . 'n7, lstm; budget 300 mm², 75 W, 75 MB SRAM'
set xlabel "latency bound (µs)"
set ylabel "best throughput (TOp/s)"
set logscale xy
set format xy "%g"
set xrange [20:1000]
set xtics add (20, 50, 200, 500)
set yrange [20:1000]
set ytics add (20, 50, 200, 500)
set key top left

# Latency bounds of the study (us), as guides labelled on top
set tmargin 5.5
set title offset 0, 1.2
set arrow from 25, graph 0 to 25, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "25 µs" at 25, graph 1 center offset 0, char 0.8 tc rgb "#555555"
set arrow from 50, graph 0 to 50, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "50 µs" at 50, graph 1 center offset 0, char 0.8 tc rgb "#555555"
set arrow from 100, graph 0 to 100, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "100 µs" at 100, graph 1 center offset 0, char 0.8 tc rgb "#555555"
set arrow from 250, graph 0 to 250, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "250 µs" at 250, graph 1 center offset 0, char 0.8 tc rgb "#555555"
set arrow from 500, graph 0 to 500, graph 1 nohead back dt 3 lw 1 lc rgb "#777777"
set label "500 µs" at 500, graph 1 center offset 0, char 0.8 tc rgb "#555555"
set label 'n×: hbfp8_576 has n times the throughput of bf16' at graph 0.98, graph 0.05 right front

do for [i = 1:|terminal|] {
	eval "set terminal " . terminal[i]
	set output output[i]
	plot 'plot-bounds.dat' index 0 using 1:2 with steps ls 1 title 'hbfp8_576', \
	     'plot-bounds.dat' index 1 using 1:2 with steps ls 2 title 'bf16', \
	     'plot-bounds.dat' index 2 using 1:2 with steps ls 3 title 'int8', \
	     'plot-bounds.dat' index 3 using 1:2 with points ls 1 ps 1.8 notitle, \
	     'plot-bounds.dat' index 4 using 1:2 with points ls 2 ps 1.8 notitle, \
	     'plot-bounds.dat' index 5 using 1:2 with points ls 3 ps 1.8 notitle, \
	     'plot-bounds.dat' index 6 using 1:2:(sprintf("%.3g×", $3)) with labels left offset char 0.5, 0 notitle
	set output
}
